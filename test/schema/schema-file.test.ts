import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSchema, SCHEMA_FILE } from "../../scripts/print-schema.ts";

describe("schema.graphql", () => {
  it("matches the schema printed from the builder (run `npm run schema:print` when this fails)", () => {
    const checkedIn = fs.readFileSync(SCHEMA_FILE, "utf8");
    expect(checkedIn).toBe(renderSchema());
  });

  it("keeps the seeds' nested status shapes", () => {
    const sdl = renderSchema();
    expect(sdl).toMatch(/type JobStatus \{[^}]*state: JobState!/s);
    expect(sdl).toMatch(/type JobState \{[^}]*stateType: JobStateType![^}]*message: String![^}]*details: StringMap!/s);
    expect(sdl).toMatch(/type Execution implements Entity \{[^}]*computeState: ExecutionComputeState!/s);
  });
});
