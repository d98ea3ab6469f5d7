import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";
import { KEY, renderTui, submitJob, type TuiHarness } from "./helpers.tsx";
import type { Route } from "../../tui/routes.ts";

/** Runs, a run's responses and timeline, and versions, over two real agents. */
describe("TUI runs, run and versions screens", () => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  const open: TuiHarness[] = [];

  beforeAll(async () => {
    t = await startTestServer("sqlite");
    for (const nodeId of ["node-r-ok", "node-r-bad"]) agents.push(await startAgent({ url: t.server.url, token: t.token, nodeId, labels: { pool: "r" } }));
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 2);
  }, 60_000);

  afterAll(async () => {
    for (const ui of open) await ui.close();
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const render = (route: Route) => {
    const ui = renderTui(t, { route, width: 100, height: 30 });
    open.push(ui);
    return ui;
  };

  it("lists runs live, cancels a running one, refuses to cancel a finished one, and retries", async () => {
    const jobId = await submitJob(t, { name: "slow", type: "BATCH", command: "sleep 30", selector: { matchIds: ["node-r-ok"] } });
    const ui = render({ screen: "runs", jobId, name: "slow" });
    await ui.waitFor("no runs yet");
    await ui.press("t");
    await ui.waitFor("Trigger a run of slow? y/N");
    await ui.press("y");
    await ui.waitFor(/run-\w+\s+● RUNNING\s+manual/, 20_000);
    await ui.press("c");
    await ui.waitFor(/Cancel run run-\w+\? y\/N/);
    await ui.press("y");
    await ui.waitFor(/✓ run run-\w+ cancelled/);
    await ui.waitFor(/run-\w+\s+○ CANCELLED/);
    expect(ui.frame()).toMatch(/Runs 1 ─ ○ 1 cancelled/);

    await ui.press("c");
    await ui.waitFor(/Cancel run run-\w+\? y\/N/);
    await ui.press("y");
    await ui.waitFor(/✗ .*(finished|CANCELLED|cannot)/i);

    await ui.press("y");
    await ui.waitFor(/Retry run run-\w+\? y\/N/);
    await ui.press("y");
    await ui.waitFor(/✓ run run-\w+ \w+ \(retry of run-\w+\)/);
    await ui.waitFor(/Runs 2/);
  }, 60_000);

  it("shows a broadcast's per-node responses and timeline", async () => {
    const jobId = await submitJob(t, {
      name: "patch",
      type: "OPS",
      selector: { matchLabels: { pool: "r" } },
      command: 'if [ "$DROVER_NODE_ID" = node-r-bad ]; then echo "disk full" >&2; exit 2; fi; echo \'{"changed": true, "data": {"patched": 3}}\' > "$DROVER_RESULT_FILE"',
    });
    const run = await t.gql(`mutation($j: ID!) { triggerRun(jobId: $j) { run { id } } }`, { j: jobId });
    const runId = run.data.triggerRun.run.id;
    const ui = render({ screen: "run", runId, name: "patch" });
    const frame = await ui.waitFor(/◑ PARTIAL_FAILURE/, 30_000);
    await ui.waitFor(/node-r-ok\s+.*changed\s+\{"patched":3\}/);
    expect(ui.frame()).toMatch(/✗ failed\s+node-r-bad\s+exit code 2/);
    expect(ui.frame()).toMatch(/Timeline/);
    expect(ui.frame()).toMatch(/submitted/);
    expect(ui.frame()).toMatch(/completed/);
    expect(frame).toContain("trigger manual");
    await ui.press("l");
    await ui.waitFor(/patch › logs|run \w+ › logs/);
    await ui.waitFor("disk full");
    await ui.press(KEY.escape);
    await ui.waitFor("Timeline");
  }, 60_000);

  it("lists versions with the current one marked and rolls back to a chosen one", async () => {
    const spec = (cmd: string) => ({ name: "svc", type: "SERVICE", command: cmd, selector: { matchIds: ["node-r-ok"] } });
    const jobId = await submitJob(t, spec("sleep 300"));
    await submitJob(t, spec("sleep 301"));
    await submitJob(t, spec("sleep 302"));
    const ui = render({ screen: "versions", jobId, name: "svc" });
    const frame = await ui.waitFor(/Versions 3 ─ current v3/);
    expect(frame).toMatch(/▸ ●\s+v3\s+\S+ ago\s+submitted\s+sleep 302/);
    await ui.press(KEY.enter);
    await ui.waitFor("v3 is the current version");
    await ui.press("G");
    await ui.press("b");
    await ui.waitFor("Roll back svc to v1? y/N");
    await ui.press("y");
    await ui.waitFor(/✓ svc rolled back to v1: now v4/);
    await ui.waitFor(/●\s+v4\s+\S+ ago\s+rollback to v1\s+sleep 300/);
  });
});
