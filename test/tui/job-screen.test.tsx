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
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 3, { what: "three READY agents", timeoutMs: 45_000 });
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
  /** `rollout`: the one in progress, else the one that ended last. */
  const status = async (id: string) => {
    const s = (await t.gql(`query($id: ID) { job(id: $id) { status { version rollout { type state } lastRollout { type state } } } }`, { id })).data.job.status;
    return { ...s, rollout: s.rollout ?? s.lastRollout };
  };

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
    // A relabel places it: the explanation goes, the execution comes.
    const rev = (await t.gql(`{ node(id: "node-j3") { revision } }`)).data.node.revision;
    const r = await t.gql(`mutation($rev: Int) { setNodeLabels(id: "node-j3", labels: { pool: "j", region: "mars" }, expectedRevision: $rev) { node { id } } }`, { rev });
    expect(r.errors).toBeUndefined();
    const placed = await ui.waitFor((f) => /node-j3\s+v1/.test(f) && !f.includes("Not placed"), 20_000);
    expect(placed).toMatch(/Executions 1/);
  }, 40_000);

  it("triggers runs of a batch job and lists them, and offers no promote for it", async () => {
    const id = await submitJob(t, { name: "report", type: "BATCH", command: "echo done", selector: { matchLabels: { pool: "j" } } });
    const ui = screen(id, "report");
    await ui.waitFor("no runs yet");
    await ui.press("t");
    await ui.waitFor("Trigger a run of report? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ run run-\w+ of report/);
    await ui.waitFor(/Runs 1/);
    const done = await ui.waitFor(/✓ succeeded\s+run-\w+\s+manual/, 20_000);
    // A batch job has no rollout: promote is neither offered nor run.
    expect(done).not.toContain("promote");
    await ui.press("p");
    await new Promise((r) => setTimeout(r, 300));
    expect(ui.frame()).not.toContain("Promote the canary");
  }, 60_000);

  it("shows a suspended schedule and S suspends and resumes it", async () => {
    const id = await submitJob(t, { name: "nightly", type: "BATCH", command: "true", schedule: "0 3 * * *", selector: { matchLabels: { pool: "j" } } });
    const ui = screen(id, "nightly");
    await ui.waitFor(/Runs 0.*next /);
    await ui.waitFor("S suspend schedule");
    await ui.press("S");
    await ui.waitFor("Suspend the schedule of nightly? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ nightly schedule suspended/);
    const held = await ui.waitFor(/Runs 0.*schedule suspended/);
    expect(held).toMatch(/cron "0 3 \* \* \*" UTC FORBID suspended/);
    await ui.waitFor("S resume schedule");
    await ui.press("S");
    await ui.waitFor("Resume the schedule of nightly? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ nightly schedule resumed: next /);
    await ui.waitFor(/Runs 0.*next /);
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

  it("fits 80x24 during a rollout: title bar, whole rollout line, and only the keys a service has", async () => {
    const id = await submitJob(t, service("web80", "sleep 300", { strategy: "IMMEDIATE" }));
    await eventually(async () => (await status(id)).rollout?.state === "SUCCEEDED", { what: "create", timeoutMs: 30_000 });
    const ui = renderTui(t, { route: { screen: "job", jobId: id, name: "web80" }, width: 80, height: 24 });
    open.push(ui);
    await ui.waitFor(/Executions/);
    await submitJob(t, service("web80", "sleep 303", { strategy: "ROLLING", maxParallel: 1, healthCheck: { deadline: "20s", minHealthyTime: "3s" } }));
    const frame = await ui.waitFor((f) => /wave \d\/3/.test(f) && f.includes("◐ running:") && f.includes("space pause"), 15_000);
    const rows = frame.split("\n");
    expect(rows.length).toBeLessThanOrEqual(24);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
    expect(rows[0]).toMatch(/^ drover  web80  v2/);
    expect(frame).toContain("─ default/web80 ─");
    const wave = rows.find((r) => r.trimStart().startsWith("wave "))!;
    expect(wave).toMatch(/\d\/3 updated  \d+ failed(  \(halts above \d+\))?\s*$/);
    const footer = rows[rows.length - 1];
    for (const key of ["⏎ execution", "l logs", "e events", "space pause", "R restart", "s stop"]) expect(footer).toContain(key);
    expect(footer).not.toContain("trigger");
    expect(footer).not.toContain("runs");
    await ui.press("t");
    await new Promise((r) => setTimeout(r, 300));
    expect(ui.frame()).not.toContain("Trigger a run");
  }, 40_000);

  it("shows why executions failed, opens one with its exit, details and last output, and lists the job's events", async () => {
    const id = await submitJob(t, { name: "flaky", type: "BATCH", command: "echo fetching; echo bucket unreachable >&2; exit 3", selector: { matchLabels: { pool: "j" } }, restartPolicy: { policy: "NEVER" } });
    await t.gql(`mutation($j: ID!) { triggerRun(jobId: $j) { run { id } } }`, { j: id });
    const ui = renderTui(t, { route: { screen: "job", jobId: id, name: "flaky" }, width: 80, height: 24 });
    open.push(ui);
    const failed = await ui.waitFor(/✗ failed .*exit code 3/, 20_000);
    expect(failed).toMatch(/MESSAGE/);
    await ui.press(KEY.enter);
    const detail = await ui.waitFor((f) => f.includes("Execution exec-") && f.includes("bucket unreachable"), 10_000);
    expect(detail).toMatch(/✗ FAILED  exit 3 · attempt 1 · v1 · on node-j\d/);
    expect(detail).toContain("│ fetching");
    expect(detail).toContain("│ ! bucket unreachable");
    expect(detail).not.toContain("waiting for output");
    await ui.press(KEY.escape);
    await ui.waitFor("MESSAGE");
    await ui.press("e");
    const events = await ui.waitFor((f) => f.includes("Events flaky") && f.includes("submitted") && /state changed\s+e-\w{4} on j\d\s+FAILED \(exit 3\)/.test(f), 10_000);
    expect(events).toMatch(/AGE\s+TYPE\s+OBJECT\s+MESSAGE/);
  }, 40_000);

  it("says 'no output' for a finished execution that wrote nothing, instead of waiting", async () => {
    const id = await submitJob(t, { name: "silent", type: "BATCH", command: "true", selector: { matchLabels: { pool: "j" } } });
    await t.gql(`mutation($j: ID!) { triggerRun(jobId: $j) { run { id } } }`, { j: id });
    let executionId = "";
    await eventually(async () => {
      const e = (await t.gql(`query($j: ID) { executions(jobId: $j) { edges { node { id computeState { stateType } } } } }`, { j: id })).data.executions.edges[0]?.node;
      executionId = e?.id ?? "";
      return e?.computeState.stateType === "COMPLETE";
    }, { what: "the silent execution to complete" });
    const ui = renderTui(t, { route: { screen: "logs", target: { executionId }, title: "silent" } });
    open.push(ui);
    await ui.waitFor("no output (complete, exit 0)");
  }, 30_000);
});
