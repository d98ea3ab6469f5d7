import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { cwd, drover, examples } from "./helpers.ts";

/** Looking at what runs: describe, execution and node views, output formats, watch and top, over a real agent. */
let t: TestServer;
let agent: AgentProcess;
let conn: string[];
let execId: string;

beforeAll(async () => {
  t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
  conn = ["--server", t.server.url, "--token", t.token];
  agent = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-in-a", labels: { zone: "a" } });
  await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1);
  const r = await drover(["job", "apply", "-f", path.join(examples, "web.yaml"), "--wait", ...conn], {}, 60_000);
  expect(r.code).toBe(0);
  execId = (await t.gql(`{ executions(state: RUNNING) { edges { node { id } } } }`)).data.executions.edges[0].node.id;
}, 90_000);
afterAll(async () => {
  await agent?.stop();
  await t?.stop();
});

describe("inspecting", () => {
  it("job describe: summary, rollout, executions with messages, and the job's events in order", async () => {
    const r = await drover(["job", "describe", "web", ...conn], { COLUMNS: "120" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Name:\s+web$/m);
    expect(r.stdout).toMatch(/^Rollout:\s+CREATE SUCCEEDED v0→v1/m);
    expect(r.stdout).toMatch(new RegExp(`^Executions \\(1\\):\\nEXECUTION\\s+NODE\\s+VER\\s+STATE.*\\n${execId}\\s+node-in-a\\s+1\\s+RUNNING`, "m"));
    const events = r.stdout.split("\nEvents:\n")[1].trimEnd().split("\n");
    expect(events[0]).toMatch(/^AGE\s+EVENT\s+OBJECT\s+MESSAGE$/);
    const kinds = events.slice(1).map((l) => l.split(/\s{2,}/)[1]);
    expect(kinds[0]).toBe("submitted");
    expect(kinds).toEqual(expect.arrayContaining(["started", "created", "completed"]));
    expect(kinds.indexOf("started")).toBeLessThan(kinds.indexOf("completed"));
  });

  it("job describe says why a job is not placed", async () => {
    const submit = await t.gql(`mutation { submitJob(input: {name: "mars", type: SERVICE, command: "sleep 100", selector: {matchLabels: {region: "mars"}}}) { job { id } } }`);
    expect(submit.errors).toBeUndefined();
    await eventually(async () => (await t.gql(`{ evaluations(status: BLOCKED) { totalCount } }`)).data.evaluations.totalCount > 0, { what: "a blocked evaluation" });
    const r = await drover(["job", "describe", "mars", ...conn]);
    expect(r.stdout).toMatch(/^Not placed: 0 of 1 node match region=mars\n {2}selector region=mars: 1 filtered out, 0 left$/m);
    expect((await t.gql(`mutation { deleteJob(name: "mars") { seq } }`)).errors).toBeUndefined();
  });

  it("execution ls|get and node get show what runs where", { timeout: 90_000 }, async () => {
    const [ls, get, node] = await Promise.all([
      drover(["execution", "ls", "web", ...conn]),
      drover(["execution", "get", execId, ...conn]),
      drover(["node", "get", "node-in-a", ...conn]),
    ]);
    expect(ls.stdout.split("\n")[1]).toMatch(new RegExp(`^${execId}\\s+node-in-a\\s+1\\s+RUNNING\\s+RUNNING`));
    expect(get.stdout).toMatch(/^State:\s+RUNNING/m);
    expect(get.stdout).toMatch(/^Healthy since:\s+\d{4}-/m);
    expect(node.stdout).toMatch(/^Labels:\s+zone=a$/m);
    expect(node.stdout).toMatch(/^Capacity:\s+1 of 4 in use$/m);
    expect(node.stdout).toMatch(new RegExp(`^Running \\(1\\):\\n.*\\n${execId}\\s`, "m"));
  });

  it("-o wide adds columns, -o name prints names commands take back, -o jsonpath selects fields", { timeout: 120_000 }, async () => {
    const [wide, name, jp, range, bad] = await Promise.all([
      drover(["job", "ls", "-o", "wide", ...conn]),
      drover(["job", "ls", "-o", "name", ...conn]),
      drover(["job", "ls", "-o", "jsonpath={.items[*].name}", ...conn]),
      drover(["node", "ls", "-o", 'jsonpath={range .items[*]}{.id}{"\\t"}{.labels.zone}{"\\n"}{end}', ...conn]),
      drover(["job", "ls", "-o", "jsonpath={range .items[*]}{.name}", ...conn]),
    ]);
    expect(wide.stdout.split("\n")[0]).toMatch(/^NAME\s+NAMESPACE\s+TYPE\s+STATE\s+VER\s+REV\s+ROLLOUT\s+LABELS\s+AGE\s+ID\s+MESSAGE$/);
    expect(wide.stdout).toMatch(/create v1 succeeded 1\/1\s+app=web/);
    expect(name.stdout).toBe("job/default/web\n");
    expect(jp.stdout).toBe("web\n");
    expect(range.stdout).toBe("node-in-a\ta\n");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: jsonpath: {range} without {end}\n");
    const back = await drover(["job", "get", name.stdout.trim(), "-o", "jsonpath={.spec.env.VERSION}", ...conn]);
    expect(back.stdout).toBe("v1\n");
  });

  it("top shows the job's cpu and memory, and each execution's", async () => {
    await eventually(async () => (await t.gql(`query { metrics(executionId: "${execId}", since: "1m") { points { value } } }`)).data.metrics.some((m: { points: unknown[] }) => m.points.length));
    const [jobs, one] = await Promise.all([drover(["top", ...conn]), drover(["top", "web", ...conn])]);
    expect(jobs.stdout).toMatch(/^JOB\s+NAMESPACE\s+CPU \(avg\)\s+MEMORY \(sum\)\nweb\s+default\s+\d+m\s+[\d.]+ (KiB|MiB)\n$/);
    expect(one.stdout).toMatch(new RegExp(`^EXECUTION\\s+NODE\\s+CPU\\s+MEMORY\\n${execId}\\s+node-in-a\\s+\\d+m\\s+[\\d.]+ (KiB|MiB)\\n$`));
  });

  it("a reader that stops early ends a watch quietly (EPIPE is not a crash)", async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/drover.js");
    // The AGE column changes every few seconds, so the watch writes again after head has gone.
    const r = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn("bash", ["-c", `set -o pipefail; node ${JSON.stringify(bin)} execution ls web -w ${conn.join(" ")} | head -1`], { cwd, env: { ...process.env, NO_COLOR: "1" } });
      let stderr = "";
      let stdout = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.stdout.on("data", (d) => (stdout += d));
      child.on("exit", (code) => resolve({ code, stderr, stdout }));
    });
    expect(r.stdout).toMatch(/^EXECUTION\s+NODE/);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);

  it("job ls -w prints the list again when it changes (piped: one snapshot after the other)", async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/drover.js");
    const child = spawn(process.execPath, [bin, "job", "ls", "-w", ...conn], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    try {
      await eventually(async () => out.includes("web"), { timeoutMs: 20_000, what: "first snapshot" });
      expect((await t.gql(`mutation { stopJob(namespace: "default", name: "web") { seq } }`)).errors).toBeUndefined();
      await eventually(async () => /STOPPED/.test(out), { timeoutMs: 20_000, what: "a second snapshot" });
      const snapshots = out.trim().split("\n\n");
      expect(snapshots.length).toBeGreaterThanOrEqual(2);
      expect(snapshots[0]).toMatch(/^NAME\s+NAMESPACE/);
      expect(snapshots.at(-1)).toMatch(/web\s+default\s+SERVICE\s+STOPPED/);
    } finally {
      child.kill("SIGINT");
    }
  }, 60_000);
});
