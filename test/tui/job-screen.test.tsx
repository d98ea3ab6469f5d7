import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { KEY, renderTui, submitJob, type TuiHarness } from "./helpers.tsx";

/** The job screen over three real agents: rollout panels, executions, placement explanations and every job action. */
describe("TUI job screen", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  const open: TuiHarness[] = [];

  beforeAll(async () => {
    t = await startTestServer("sqlite", { heartbeatTtlMs: 5000 });
    for (const nodeId of ["node-j1", "node-j2", "node-j3"]) agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId, labels: { pool: "j" } }));
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 3);
  }, 60_000);

  afterAll(async () => {
    for (const ui of open) await ui.close();
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const screen = (jobId: string, name: string, height = 30) => {
    const ui = renderTui(t, { route: { screen: "job", jobId, name }, width: 100, height });
    open.push(ui);
    return ui;
  };
  const service = (name: string, command: string, deployment: Record<string, unknown>) => ({
    name,
    type: "SERVICE",
    command,
    selector: { matchLabels: { pool: "j" } },
    deployment: { healthCheck: { deadline: "20s", minHealthyTime: "1s" }, ...deployment },
  });
  const status = async (id: string) => (await t.gql(`query($id: ID) { job(id: $id) { status { version rollout { type state } } } }`, { id })).data.job.status;

  it("shows a canary waiting as a bar, promotes it, and follows the rollout to the end", async () => {
    const id = await submitJob(t, service("web", "sleep 300", { strategy: "ROLLING", maxParallel: 3 }));
    await eventually(async () => (await status(id)).rollout?.state === "SUCCEEDED", { what: "create", timeoutMs: 30_000 });
    const ui = screen(id, "web");
    const first = await ui.waitFor(/Executions 3/);
    expect(first).toMatch(/service · rolling max 3 · health 1s within 20s · pool=j · sleep 300/);
    expect(first).toMatch(/node-j1\s+v1\s+running\s+● running/);

    await submitJob(t, service("web", "sleep 301", { strategy: "CANARY", canaryCount: 1, maxParallel: 2 }));
    await ui.waitFor(/canary\s+node-j\d ◐ proving itself/, 20_000);
    const waiting = await ui.waitFor((f) => f.includes("waiting for promote") && f.includes("ROLLOUT_PAUSED"), 20_000);
    expect(waiting).toMatch(/Rollout ─ update v1→v2 · canary/);
    await ui.waitFor(/wave 1\/2\s+█+░+\s+1\/3 updated\s+0 failed/);
    expect(waiting).toContain("rollback to v1 if it fails");

    await ui.press("p");
    await ui.waitFor("Promote the canary of web? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ rollout (running|succeeded)/);
    const done = await ui.waitFor(/succeeded: rolled out v2 to 3 of 3 nodes/, 30_000);
    expect(done).toMatch(/wave 2\/2\s+█+\s+3\/3 updated/);
  }, 90_000);

  it("pauses and resumes a rolling update, then rolls back and restarts", async () => {
    const id = (await t.gql(`{ job(name: "web") { id } }`)).data.job.id;
    const ui = screen(id, "web");
    await ui.waitFor(/Executions/);
    await submitJob(t, service("web", "sleep 302", { strategy: "ROLLING", maxParallel: 1, healthCheck: { deadline: "20s", minHealthyTime: "2s" } }));
    await ui.waitFor(/update v2→v3 · rolling/, 15_000);
    await ui.press(KEY.space);
    await ui.waitFor("Pause the rollout of web? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ rollout paused/);
    await ui.waitFor(/‖ paused/);
    await ui.press(KEY.space);
    await ui.waitFor("Resume the rollout of web? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ rollout running/);
    await eventually(async () => (await status(id)).rollout?.state === "SUCCEEDED", { what: "v3 rollout", timeoutMs: 40_000 });
    await ui.waitFor(/web  v3  ● RUNNING/);

    await ui.press("b");
    await ui.waitFor(/Roll back web to v2\? y\/N/);
    await ui.press("y");
    await ui.waitFor(/✓ web rolled back: now v4/);
    await ui.waitFor(/rollback v3→v4/);

    await ui.press("R");
    await ui.waitFor("Restart every execution of web? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ web restarting at v4/);
    await ui.waitFor(/restart v4→v4/, 15_000);
  }, 120_000);

  it("explains why a job is not placed", async () => {
    const id = await submitJob(t, { name: "martian", type: "SERVICE", command: "sleep 300", selector: { matchLabels: { region: "mars" } } });
    const ui = screen(id, "martian");
    const frame = await ui.waitFor(/Not placed/, 15_000);
    expect(frame).toMatch(/0 of 3 nodes match region=mars/);
    expect(frame).toContain("no executions");
  });

  it("triggers runs of a batch job and lists them; refuses a second promote with the server's words", async () => {
    const id = await submitJob(t, { name: "report", type: "BATCH", command: "echo done", selector: { matchLabels: { pool: "j" } } });
    const ui = screen(id, "report");
    await ui.waitFor("no runs yet");
    await ui.press("t");
    await ui.waitFor("Trigger a run of report? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ run run-\w+ of report/);
    await ui.waitFor(/Runs 1/);
    await ui.waitFor(/✓ succeeded\s+run-\w+\s+manual/, 20_000);
    await ui.press("p");
    await ui.waitFor("Promote the canary of report? y/N");
    await ui.press("y");
    await ui.waitFor(/✗ .+/);
  }, 60_000);

  it("opens the logs, runs, versions and metrics of the job, and stops it", async () => {
    const id = (await t.gql(`{ job(name: "report") { id } }`)).data.job.id;
    const ui = screen(id, "report");
    await ui.waitFor(/Runs 1/);
    for (const [key, crumb] of [["l", "report › logs"], ["r", "report › runs"], ["v", "report › versions"], ["m", "report › metrics"]] as const) {
      await ui.press(key);
      await ui.waitFor(crumb);
      await ui.press(KEY.escape);
      await ui.waitFor((f) => !f.includes(crumb));
    }
    await ui.press("s");
    await ui.waitFor("Stop report? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ report is stopped/);
  });
});
