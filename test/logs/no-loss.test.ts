import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startAgent, type AgentProcess } from "../support/agents.ts";

/**
 * A process that prints far faster than lines can be stored: while the
 * server is reachable the agent slows it down (it stops reading the pipes)
 * rather than dropping what it printed.
 */
describe("a flood of output while the server is healthy", () => {
  let t: TestServer;
  let agent: AgentProcess;

  beforeAll(async () => {
    // Retention keeps the newest 100,000 lines of an execution by default; this one is to keep them all.
    process.env.DROVER_LOG_MAX_LINES = "1000000";
    t = await startTestServer("sqlite");
    agent = await startAgent({ url: t.server.url, token: t.token, nodeId: "node-flood" });
    await eventually(async () => (await t.gql(`{ nodes(state: READY) { totalCount } }`)).data?.nodes.totalCount === 1, { timeoutMs: 60_000, what: "node READY" });
  });
  afterAll(async () => {
    await agent?.stop();
    await t?.stop();
  });

  it("stores every line of seq 1 300000, in order, with nothing dropped", { timeout: 300_000 }, async () => {
    const N = 300_000;
    const sub = await t.gql(`mutation { submitJob(input: { name: "flood", type: BATCH, command: "seq 1 ${N}" }) { job { id } } }`);
    const jobId = sub.data.submitJob.job.id;
    const run = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: jobId });
    const runId = run.data.triggerRun.run.id;
    const done = await eventually(
      async () => {
        // A poll that fails (the server is busy with the flood) is just a poll that saw nothing yet.
        const r = await t
          .gql(`query($id: ID!) { run(id: $id) { state } executions(runId: $id) { edges { node { id computeState { stateType details } } } } }`, { id: runId })
          .catch(() => ({ data: null }) as { data: any });
        return ["SUCCEEDED", "FAILED"].includes(r.data?.run.state) ? r.data : null;
      },
      { timeoutMs: 280_000, intervalMs: 500, what: "the run to end" },
    );
    expect(done.run.state).toBe("SUCCEEDED");
    const exec = done.executions.edges[0].node;
    expect(exec.computeState.details.droppedLogLines).toBeUndefined();
    // The terminal state goes out only after the lines pushed before it: they are all stored by now.
    const lines = await t.services().ingest.readLogLines(exec.id, 0, N + 10);
    expect(lines).toHaveLength(N);
    const wrong = lines.findIndex((l, i) => l.lineNo !== i + 1 || l.text !== String(i + 1));
    expect(wrong).toBe(-1);
  });
});
