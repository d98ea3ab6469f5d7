import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { drover, fixtures, scratch } from "./helpers.ts";

let t: TestServer;
let conn: string[];

const SPEC_QUERY = `query($ns: String, $name: String) { job(namespace: $ns, name: $name) {
  id type status { version }
  spec { type labels config priority selector { matchLabels } restartPolicy { policy maxRetries } } } }`;

beforeAll(async () => {
  t = await startTestServer("sqlite", { controlLoops: false });
  conn = ["--server", t.server.url, "--token", t.token];
});
afterAll(async () => {
  await t?.stop();
});

const seed = JSON.parse(fs.readFileSync(path.join(fixtures, "seed-job.json"), "utf8"));

describe("drover job", () => {
  it("--dry-run writes nothing and shows the plan", async () => {
    const r = await drover(["job", "apply", "-f", path.join(fixtures, "seed-job.json"), "--dry-run", ...conn]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("job production/log-processor would be created (dry run)");
    expect(r.stdout).toMatch(/plan: place on/);
    const { data } = await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" });
    expect(data.job).toBeNull();
  });

  it("applies the seed's first spec as is: data keys keep their spelling, type becomes PIPELINE", async () => {
    const r = await drover(["job", "apply", "-f", path.join(fixtures, "seed-job.json"), ...conn]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^job production\/log-processor created \(version 1, revision \d+\)/);
    const { data } = await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" });
    expect(data.job.type).toBe("PIPELINE");
    expect(data.job.spec.config).toEqual(seed.config);
    expect(data.job.spec.config.input.file.paths).toEqual(["/var/log/app/*.log"]);
    expect(data.job.spec.labels).toEqual({ env: "production", region: "us-west" });
    expect(data.job.spec.selector.matchLabels).toEqual({ env: "production" });
    expect(data.job.spec.priority).toBe(50);
  });

  it("the same spec as YAML is unchanged", async () => {
    const r = await drover(["job", "apply", "-f", path.join(fixtures, "seed-job.yaml"), ...conn]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^job production\/log-processor unchanged \(version 1,/);
    const { data } = await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" });
    expect(data.job.status.version).toBe(1);
    expect(data.job.spec.config).toEqual(seed.config);
  });

  it("a seed list response applies every item; an update prints the diff and converts enum spellings", async () => {
    const item = { id: "job-abc123xyz", spec: { ...seed, labels: { env: "production", region: "us-east" }, restart_policy: { policy: "on-failure", max_retries: 5 } }, status: { version: 1 } };
    const file = scratch("list.json", JSON.stringify({ items: [item], next_token: "string" }));
    const r = await drover(["job", "apply", "-f", file, ...conn]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("job production/log-processor updated (version 2,");
    expect(r.stdout).toContain('  labels.region: "us-west" → "us-east"');
    expect(r.stdout).toContain('  restartPolicy.policy: "always" → "on-failure"');
    const { data } = await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" });
    expect(data.job.spec.restartPolicy).toEqual({ policy: "ON_FAILURE", maxRetries: 5 });
  });

  it("a bad spec exits 1 naming the field, and writes nothing", async () => {
    const file = scratch("bad.yaml", "name: web\ntype: service\ncommand: sleep 100\ndeployment:\n  strategy: rolling\n  health_check:\n    min_healthy_time: 1s\n");
    const r = await drover(["job", "apply", "-f", file, ...conn]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: job default\/web: deployment\.healthCheck\.deadline: .*\(VALIDATION_FAILED\)\n$/);
    const { data } = await t.gql(SPEC_QUERY, { ns: "default", name: "web" });
    expect(data.job).toBeNull();
  });

  it("a spec with several problems lists every one with its field", async () => {
    const file = scratch("worse.yaml", "name: Bad_Name\ntype: service\npriority: 500\ncommand: 'true'\nschedule: '* * * * *'\n");
    const r = await drover(["job", "apply", "-f", file, ...conn]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("error: job default/Bad_Name: 3 problems (VALIDATION_FAILED):");
    expect(lines.slice(1).map((l) => l.trim().split(":")[0]).sort()).toEqual(["name", "priority", "schedule"]);
  });

  it("unknown fields and wrong types are all listed with their fields, before anything is sent", async () => {
    const file = scratch(
      "typos.yaml",
      ["name: typo", "type: servce", "priority: high", "comand: sleep 1", "deployment: {strategy: rolling, max_paralel: 2, auto_promote: 'yes'}", "env: {PORT: 8080, DEBUG: {on: 1}}"].join("\n"),
    );
    const r = await drover(["job", "apply", "-f", file, ...conn]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([
      "error: job default/typo: 6 problems (VALIDATION_FAILED):",
      "  type: must be one of service, pipeline, batch, ops, query, update, config, not string \"servce\"",
      "  priority: must be an integer, not string \"high\"",
      "  comand: unknown field (did you mean command?)",
      "  deployment.max_paralel: unknown field (did you mean maxParallel?)",
      "  deployment.autoPromote: must be true or false, not string \"yes\"",
      "  env.DEBUG: must be a string, not a mapping",
      "",
    ]);
    const { data } = await t.gql(SPEC_QUERY, { ns: "default", name: "typo" });
    expect(data.job).toBeNull();
  });

  it("timeouts take durations: \"5m\" is sent as 300 seconds; a fraction of a second is refused", async () => {
    const file = scratch("timeouts.yaml", "name: timed\ntype: batch\ncommand: 'true'\ntimeouts: {execution_timeout: 5m, queue_timeout: 90, total_timeout: 1h30m}\n");
    const r = await drover(["job", "apply", "-f", file, ...conn]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { data } = await t.gql(`{ job(name: "timed") { spec { timeouts { executionTimeout queueTimeout totalTimeout } } } }`);
    expect(data.job.spec.timeouts).toEqual({ executionTimeout: 300, queueTimeout: 90, totalTimeout: 5400 });
    const bad = await drover(["job", "apply", "-f", scratch("frac.yaml", "name: timed\ntype: batch\ntimeouts: {execution_timeout: 1500ms}\n"), ...conn]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: job default/timed: timeouts.executionTimeout: must be whole seconds, not "1500ms" (VALIDATION_FAILED)\n');
  });

  it("exit 2: no token, a bad token, an unreachable server, a missing file", async () => {
    const file = path.join(fixtures, "seed-job.json");
    const [noToken, badToken, down, noFile] = await Promise.all([
      drover(["job", "apply", "-f", file, "--server", t.server.url]),
      drover(["job", "ls", "--server", t.server.url, "--token", "nope"]),
      drover(["job", "ls", "--server", "127.0.0.1:1", "--token", t.token]),
      drover(["job", "apply", "-f", "/nonexistent.yaml", ...conn]),
    ]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/^error: no token/);
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain("(UNAUTHENTICATED)");
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^error: cannot reach/);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/^error: cannot read \/nonexistent.yaml/);
  });

  it("ls and get print tables within 80 columns, and parse as JSON with -o json", async () => {
    const [ls, json, get, human] = await Promise.all([
      drover(["job", "ls", ...conn]),
      drover(["job", "ls", "-n", "production", "-l", "env=production", "-o", "json", ...conn]),
      drover(["job", "get", "log-processor", "-n", "production", "-o", "json", ...conn]),
      drover(["job", "get", "log-processor", "-n", "production", ...conn]),
    ]);
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+NAMESPACE\s+TYPE\s+STATE\s+VER\s+REV/);
    expect(lines[1]).toMatch(/^log-processor\s+production\s+PIPELINE\s+\w+\s+2\s+\d+/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);

    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout);
    expect(list.items.map((j: { name: string }) => j.name)).toEqual(["log-processor"]);
    expect(list.items[0].spec.config.input.file.paths).toEqual(["/var/log/app/*.log"]);

    expect(get.code).toBe(0);
    const job = JSON.parse(get.stdout);
    expect(job.spec.selector.matchLabels).toEqual({ env: "production" });
    expect(job.status.version).toBe(2);

    expect(human.stdout).toMatch(/^Name:\s+log-processor$/m);
    expect(human.stdout).toMatch(new RegExp(`^ID:\\s+${job.id}$`, "m"));
    expect(human.stdout).toMatch(/^Selector:\s+env=production$/m);
  });

  it("rollback asks first: without a terminal it needs --yes (exit 2) and writes nothing", async () => {
    const r = await drover(["job", "rollback", "log-processor", "-n", "production", "--to-version", "1", ...conn]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: refusing to roll back job production/log-processor without --yes (no terminal to ask on)\n");
    const { data } = await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" });
    expect(data.job.status.version).toBe(2);
  });

  it("rollback writes the named version's spec as the next version", async () => {
    const rb = await drover(["job", "rollback", "log-processor", "-n", "production", "--to-version", "1", "--yes", ...conn]);
    expect(rb.stderr).toBe("");
    expect(rb.code).toBe(0);
    expect(rb.stdout).toMatch(/^job production\/log-processor rolling back: now v3 \(/);
    const versions = await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version sourceVersion } }`, {
      id: (await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" })).data.job.id,
    });
    expect(versions.data.jobVersions[0]).toEqual({ version: 3, sourceVersion: 1 });
    const same = await drover(["job", "rollback", "log-processor", "-n", "production", "--to-version", "3", "--yes", ...conn]);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/^error: cannot roll back job production\/log-processor: .*already at version 3.*\(INVALID_STATE\)\n$/);
  });

  it("versions, stop and delete", async () => {
    const [v, stop, refused] = await Promise.all([
      drover(["job", "versions", "log-processor", "-n", "production", "-o", "json", ...conn]),
      drover(["job", "stop", "log-processor", "-n", "production", ...conn]),
      drover(["job", "delete", "log-processor", "-n", "production", ...conn]),
    ]);
    expect(JSON.parse(v.stdout).items.map((x: { version: number }) => x.version)).toEqual([3, 2, 1]);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe("job production/log-processor stopped (STOPPED)\n");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("without --yes");
    const del = await drover(["job", "delete", "log-processor", "-n", "production", "--yes", ...conn]);
    expect(del.code).toBe(0);
    const { data } = await t.gql(SPEC_QUERY, { ns: "production", name: "log-processor" });
    expect(data.job).toBeNull();
  });
});
