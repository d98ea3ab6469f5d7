import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { drover, examples, scratch } from "./helpers.ts";

/** Rollouts driven from the command line over a real server and two real agents. */
let t: TestServer;
const agents: AgentProcess[] = [];
let conn: string[];

beforeAll(async () => {
  t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
  conn = ["--server", t.server.url, "--token", t.token];
  for (const nodeId of ["node-ro-a", "node-ro-b"]) agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId }));
  await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 2);
}, 60_000);
afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await t?.stop();
});

const long = { timeout: 90_000 };

describe("drover job apply --wait and drover rollout", () => {
  it("apply --wait follows the example service's rolling rollout to success, wave by wave", async () => {
    const r = await drover(["job", "apply", "-f", path.join(examples, "web.yaml"), "--wait", ...conn], {}, 60_000);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^job default\/web created \(version 1,/);
    expect(r.stdout).toMatch(/rollout create v0→v1 \(rolling\): wave 1 of 2/);
    expect(r.stdout).toMatch(/rollout of default\/web v1 succeeded\n$/);
  }, long.timeout);

  it("the canary example waits for promote: --wait exits 0 at the pause; promote, then rollout status to the end", async () => {
    const r = await drover(["job", "apply", "-f", path.join(examples, "web-canary.yaml"), "--wait", ...conn], {}, 60_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("canary healthy on 1 node; waiting for promote");
    expect(r.stdout).toMatch(/rollout of default\/web v2 is paused: `drover rollout promote default\/web` continues it\n$/);
    const promote = await drover(["rollout", "promote", "web", ...conn]);
    expect(promote.stderr).toBe("");
    expect(promote.stdout).toMatch(/^rollout of default\/web promoted: update v1→v2 \(canary\)/);
    const status = await drover(["rollout", "status", "default/web", ...conn], {}, 60_000);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/rollout of default\/web v2 succeeded\n$/);
  }, long.timeout);

  it("a version that never gets healthy fails the rollout: --wait exits 1 and says it rolled back", async () => {
    const broken = scratch("web-broken.yaml", "name: web\ntype: service\ncommand: 'echo starting; exit 3'\ndeployment: {strategy: rolling, max_parallel: 1, health_check: {min_healthy_time: 2s, deadline: 20s}}\nrestart_policy: {policy: never}\n");
    const r = await drover(["job", "apply", "-f", broken, "--wait", ...conn], {}, 60_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rollout of default\/web v3 failed: rolled back to v2\n$/);
    // The automatic rollback is now the current rollout; status follows it to its end.
    const status = await drover(["rollout", "status", "web", "--timeout", "40s", ...conn], {}, 60_000);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/rollout rollback v3→v4/);
  }, long.timeout);

  it("restart --wait replaces every execution; pause of a finished rollout is the server's refusal (exit 1)", async () => {
    const restart = await drover(["rollout", "restart", "web", "--wait", ...conn], {}, 60_000);
    expect(restart.code).toBe(0);
    expect(restart.stdout).toMatch(/^job default\/web restarting: every execution of v4 is replaced/);
    expect(restart.stdout).toMatch(/rollout restart v4 \(rolling\)/);
    const pause = await drover(["rollout", "pause", "web", ...conn]);
    expect(pause.code).toBe(1);
    expect(pause.stderr).toMatch(/^error: .*\(INVALID_STATE\)\n$/);
  }, long.timeout);

  it("a batch job has no rollout: --wait says so and exits 0; a bad --timeout is a usage error", async () => {
    const r = await drover(["job", "apply", "-f", path.join(examples, "report.yaml"), "--wait", ...conn]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("job default/report is a BATCH job: it has no rollouts");
    const bad = await drover(["rollout", "status", "web", "--timeout", "soon", ...conn]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --timeout: is not a duration/);
  });
});
