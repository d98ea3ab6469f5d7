import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveSchema, deriveSchemas, schemaPath, staleSchemas } from "../../scripts/derive-schemas.ts";

describe("derived schemas", () => {
  it("are up to date with prisma/models.prisma (run `npm run db:derive` if this fails)", () => {
    const derived = deriveSchemas();
    expect(fs.readFileSync(schemaPath("sqlite"), "utf8")).toBe(derived.sqlite);
    expect(fs.readFileSync(schemaPath("postgresql"), "utf8")).toBe(derived.postgresql);
    expect(staleSchemas()).toEqual([]);
  });

  it("pin one provider each, generate a client each, and Pothos types from the SQLite schema only", () => {
    const { sqlite, postgresql } = deriveSchemas();
    expect(sqlite).toMatch(/datasource db \{\s*provider = "sqlite"\s*\}/);
    expect(postgresql).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
    expect(sqlite).toContain('output                 = "../../server/db/generated/sqlite"');
    expect(postgresql).toContain('output                 = "../../server/db/generated/postgresql"');
    expect(sqlite).toContain('provider          = "prisma-pothos-types"');
    expect(postgresql).not.toContain("prisma-pothos-types");
    for (const text of [sqlite, postgresql]) expect(text.split("\n")[0]).toMatch(/Generated from prisma\/models\.prisma.*Do not edit/);
  });

  it("refuses models that carry their own datasource, generator or native types", () => {
    expect(() => deriveSchema("sqlite", 'datasource db {\n  provider = "sqlite"\n}\n')).toThrow(/datasource or generator/);
    expect(() => deriveSchema("sqlite", "model A {\n  id String @id @db.Uuid\n}\n")).toThrow(/@db/);
    // comments may mention them
    expect(() => deriveSchema("sqlite", "// no @db.* here, no datasource x {\nmodel A {\n  id String @id\n}\n")).not.toThrow();
  });
});
