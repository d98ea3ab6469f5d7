import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { parseInstant } from "../../cli/commands/job-schedule.ts";
import { drover } from "./helpers.ts";

let t: TestServer;
let conn: string[];

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
  conn = ["--server", t.server.url, "--token", t.token];
  const r = await t.gql(`mutation { submitJob(input: { name: "sched", type: BATCH, command: "true", schedule: "*/5 * * * *", overlapPolicy: ALLOW }) { job { id } } }`);
  expect(r.errors).toBeUndefined();
});
afterAll(async () => {
  await t?.stop();
});

describe("drover job suspend | resume | backfill", () => {
  it("suspend holds the schedule at the same version, get says so, resume lets it fire from now", async () => {
    const s = await drover(["job", "suspend", "sched", ...conn]);
    expect(s.stderr).toBe("");
    expect(s.code).toBe(0);
    expect(s.stdout).toBe("job default/sched schedule suspended (v1): nothing fires until `drover job resume default/sched`\n");
    const get = await drover(["job", "get", "sched", ...conn]);
    expect(get.stdout).toMatch(/Schedule:\s+\*\/5 \* \* \* \* UTC, suspended/);
    const json = await drover(["job", "get", "sched", "-o", "json", ...conn]);
    expect(JSON.parse(json.stdout).status).toMatchObject({ version: 1, scheduleSuspended: true, nextFireAt: null });

    const r = await drover(["job", "resume", "sched", ...conn]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^job default\/sched schedule resumed \(v1\): next fire \d{4}-.*; times that passed while suspended are not caught up\n$/);
  });

  it("backfill fires a past range once, prints each fire, and refuses a range over --max (exit 1)", async () => {
    const range = ["--from", "2026-01-01T00:00:00Z", "--to", "2026-01-01T00:30:00Z"];
    const first = await drover(["job", "backfill", "sched", ...range, ...conn]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^job default\/sched backfilled 2026-01-01T00:00:00.000Z..2026-01-01T00:30:00.000Z: 7 fired, 0 skipped by the overlap policy, 0 already handled\n/);
    expect(first.stdout).toMatch(/SCHEDULED\s+OUTCOME\s+RUN/);
    expect(first.stdout.match(/fired\s+run-/g)).toHaveLength(7);
    const again = await drover(["job", "backfill", "sched", ...range, "-o", "json", ...conn]);
    expect(JSON.parse(again.stdout)).toEqual({ alreadyHandled: 7, fires: [] });

    const capped = await drover(["job", "backfill", "sched", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-02T01:00:00Z", "--max", "3", ...conn]);
    expect(capped.code).toBe(1);
    expect(capped.stderr).toMatch(/^error: to: .*more than 3 scheduled times.*\(VALIDATION_FAILED\)\n$/);
    const usage = await drover(["job", "backfill", "sched", "--from", "yesterday", ...conn]);
    expect(usage.code).toBe(2);
  });

  it("reads --from and --to as ISO 8601 or as a duration ago", () => {
    const now = Date.parse("2026-05-01T12:00:00Z");
    expect(parseInstant("6h", "--from", now)).toBe("2026-05-01T06:00:00.000Z");
    expect(parseInstant("2026-04-30T10:00:00+02:00", "--from", now)).toBe("2026-04-30T08:00:00.000Z");
    expect(() => parseInstant("2026-13-40", "--from", now)).toThrow(/ISO 8601/);
  });
});
