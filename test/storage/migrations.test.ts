import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { diffDatabaseToSchema, diffMigrationsToSchema, migrationLockToml } from "../../server/db/diff.ts";
import { applyMigrations, migrationsDir, readDerivedSchema } from "../../server/db/migrate.ts";
import { sqliteFilePath } from "../../server/db/url.ts";
import { createTestDatabase, databaseProviders, type TestDatabase } from "../support/database.ts";

const providers = await databaseProviders();

async function tableNames(provider: string, url: string): Promise<string[]> {
  if (provider === "sqlite") {
    const db = new Database(sqliteFilePath(url), { readonly: true });
    try {
      return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    return r.rows.map((row: { table_name: string }) => row.table_name);
  } finally {
    await client.end();
  }
}

async function appliedMigrations(provider: string, url: string): Promise<{ name: string; finished: boolean }[]> {
  const sql = `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`;
  type Row = { migration_name: string; finished_at: unknown; rolled_back_at: unknown };
  let rows: Row[];
  if (provider === "sqlite") {
    const db = new Database(sqliteFilePath(url), { readonly: true });
    try {
      rows = db.prepare(sql).all() as Row[];
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      rows = (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  }
  return rows.map((r) => ({ name: r.migration_name, finished: r.finished_at != null && r.rolled_back_at == null }));
}

for (const provider of providers) {
  describe(`migrations (${provider})`, () => {
    let db: TestDatabase | null = null;
    afterEach(async () => {
      await db?.drop();
      db = null;
    });

    const checkedIn = () =>
      fs
        .readdirSync(migrationsDir(provider), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();

    it("are checked in, in Prisma's folder format", () => {
      const dir = migrationsDir(provider);
      expect(fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toBe(migrationLockToml(provider));
      expect(checkedIn().length).toBeGreaterThan(0);
      for (const name of checkedIn()) {
        expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
        expect(fs.statSync(path.join(dir, name, "migration.sql")).size).toBeGreaterThan(0);
      }
    });

    it("are not stale: a database migrated from scratch matches the derived schema (else `npm run db:migration:create -- <name>`)", async () => {
      db = await createTestDatabase(provider);
      await applyMigrations(db.url);
      expect(await diffDatabaseToSchema(db.url)).toBeNull();
    });

    it("replaying the migrations leaves nothing to migrate", async () => {
      expect(await diffMigrationsToSchema(provider)).toBeNull();
    });

    it("a model change is seen by the diff (the emptiness above is not vacuous)", async () => {
      const schema = readDerivedSchema(provider);
      const changed = { ...schema, content: `${schema.content}\nmodel StalenessProbe {\n  id String @id\n}\n` };
      const sql = await diffMigrationsToSchema(provider, { schema: changed });
      expect(sql).toMatch(/CREATE TABLE "StalenessProbe"/);
    });

    it("applyMigrations creates the tables, records the migrations and is idempotent", async () => {
      db = await createTestDatabase(provider);
      const lines: string[] = [];
      const first = await applyMigrations(db.url, (l) => lines.push(l));
      expect(first).toEqual(checkedIn());
      expect(lines).toContain(`applied migration ${checkedIn()[0]}`);

      const tables = await tableNames(provider, db.url);
      for (const t of ["Node", "NodeLabel", "Job", "JobLabel", "Execution", "Run", "Event", "SeqCounter", "ApiToken", "Lease", "_prisma_migrations"]) {
        expect(tables).toContain(t);
      }
      expect(await appliedMigrations(provider, db.url)).toEqual(checkedIn().map((name) => ({ name, finished: true })));

      expect(await applyMigrations(db.url)).toEqual([]);
      expect(await appliedMigrations(provider, db.url)).toHaveLength(checkedIn().length);
    });
  });
}

describe("applyMigrations on SQLite paths", () => {
  it("creates the database file and its parent directory", async () => {
    const db = await createTestDatabase("sqlite");
    try {
      const nested = `file:${path.join(path.dirname(sqliteFilePath(db.url)), "a", "b", "drover.db")}`;
      expect((await applyMigrations(nested)).length).toBeGreaterThan(0);
      expect(fs.existsSync(sqliteFilePath(nested))).toBe(true);
    } finally {
      await db.drop();
    }
  });
});
