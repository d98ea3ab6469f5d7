import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { drover, scratch } from "./helpers.ts";

let t: TestServer;
let conn: string[];

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
  conn = ["--server", t.server.url, "--token", t.token];
  for (const input of [
    { name: "deploy", type: "BATCH", command: "true", parameters: { metaRequired: ["version"], metaOptional: ["region"], payloadMaxBytes: 100 } },
    { name: "other", namespace: "ops", type: "OPS", command: "true" },
  ]) {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input });
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await t?.stop();
});

describe("drover run with parameters and across jobs", () => {
  it("trigger --meta k=v (repeatable) --payload-file f passes the values; a missing required key is refused naming it", async () => {
    const file = scratch("payload.json", '{"release": "r1"}\n');
    const ok = await drover(["run", "trigger", "deploy", "--meta", "version=1.0=final", "--meta", "region=eu", "--payload-file", file, "-o", "json", ...conn]);
    expect(ok.stderr).toBe("");
    expect(JSON.parse(ok.stdout).run).toMatchObject({ meta: { version: "1.0=final", region: "eu" }, payload: '{"release": "r1"}\n', status: "SUBMITTED" });
    const missing = await drover(["run", "trigger", "deploy", "--meta", "region=eu", ...conn]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/meta\.version: is required/);
    const bad = await drover(["run", "trigger", "deploy", "--meta", "novalue", ...conn]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--meta "novalue": give key=value/);
  }, 120_000);

  it("ls without a job lists every job's runs with the per-status counts; --status, --limit and --offset page them; a bad limit is refused", async () => {
    const other = await drover(["run", "trigger", "other", "-n", "ops", "-o", "json", ...conn]);
    const otherId = JSON.parse(other.stdout).run.id;
    const second = await drover(["run", "trigger", "deploy", "--meta", "version=2", "-o", "json", ...conn]);
    const secondId = JSON.parse(second.stdout).run.id;
    await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: secondId });
    const [all, failed, paged, badLimit] = await Promise.all([
      drover(["run", "ls", ...conn], { COLUMNS: "220" }),
      drover(["run", "ls", "--status", "failed", "-o", "json", ...conn]),
      drover(["run", "ls", "--limit", "1", "--offset", "1", "-o", "json", ...conn]),
      drover(["run", "ls", "--limit", "0", ...conn]),
    ]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^RUN\s+NAMESPACE\s+JOB\s+STATE\s+STATUS/);
    expect(all.stdout).toContain(otherId);
    expect(all.stdout).toMatch(/^submitted 2, processing 0, completed 0, failed 1, partial_failure 0$/m);
    const f = JSON.parse(failed.stdout);
    expect(f.items.map((r: { id: string }) => r.id)).toEqual([secondId]);
    expect(f).toMatchObject({ totalItems: 1, statusCounts: { submitted: 2, failed: 1 } });
    // Newest first: the cancelled run, then the ops run, then the first deploy run.
    const p = JSON.parse(paged.stdout);
    expect(p.items.map((r: { id: string }) => r.id)).toEqual([otherId]);
    expect(p.totalItems).toBe(3);
    expect(badLimit.code).toBe(1);
    expect(badLimit.stderr).toMatch(/limit must be between 1 and 100/);
  }, 120_000);
});
