import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startReadyAgents, type AgentProcess } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";

const providers = await databaseProviders();

/**
 * The seeds' details maps (error codes, hints, component info) filled from
 * what really happened: one real agent runs the processes, the scheduler
 * places and stops them, on each database.
 */
describe.each(providers)("state details on %s", (provider) => {
  let t: TestServer;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    t = await startTestServer(provider);
    agents.push(...(await startReadyAgents(t, [{ nodeId: `node-details-${provider}`, labels: { pool: "d" } }], { timeoutMs: 60_000 })));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const submit = async (input: Record<string, unknown>) => {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id } } }`, { input: { selector: { matchLabels: { pool: "d" } }, ...input } });
    expect(r.errors).toBeUndefined();
    return r.data.submitJob.job.id as string;
  };
  const EXEC = "id exitCode details computeState { stateType details } desiredState { stateType message details }";
  const firstEnded = (jobId: string) =>
    eventually(
      async () => {
        const r = await t.gql(`query($id: ID) { executions(jobId: $id, first: 10) { edges { node { ${EXEC} } } } }`, { id: jobId });
        return r.data.executions.edges.map((e: any) => e.node).find((e: any) => e.computeState.stateType === "FAILED") ?? null;
      },
      { what: "a failed execution", timeoutMs: 30_000 },
    );
  const batch = async (name: string, extra: Record<string, unknown>) => {
    const id = await submit({ name, type: "BATCH", restartPolicy: { policy: "NEVER" }, ...extra });
    expect((await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id })).errors).toBeUndefined();
    return firstEnded(id);
  };

  it("a program that does not exist: the agent's SPAWN_FAILED with a hint", async () => {
    const e = await batch("no-program", { args: ["/nonexistent/drover-test-program"] });
    expect(e.details).toMatchObject({ code: "SPAWN_FAILED", component: "agent", attempt: "1", nodeId: `node-details-${provider}` });
    expect(e.details.hint).toMatch(/program exists/);
    expect(e.desiredState.details).toMatchObject({ code: "PLACED", component: "scheduler" });
  }, 60_000);

  it("a failing command: NONZERO_EXIT with the exit code; a signal: SIGNALED with the signal", async () => {
    const exit = await batch("exit-3", { command: "exit 3" });
    expect(exit.exitCode).toBe(3);
    expect(exit.details).toMatchObject({ code: "NONZERO_EXIT", exitCode: "3", component: "agent" });
    const killed = await batch("killed", { command: "kill -KILL $$" });
    expect(killed.details).toMatchObject({ code: "SIGNALED", signal: "SIGKILL", component: "agent" });
  }, 60_000);

  it("a service no node can take: the job's details name the placement step that failed", async () => {
    const id = await submit({ name: "nowhere", type: "SERVICE", command: "sleep 60", selector: { matchLabels: { pool: "nowhere" } } });
    const details = await eventually(async () => {
      const r = await t.gql(`query($id: ID) { job(id: $id) { status { state { stateType details } } } }`, { id });
      const d = r.data.job.status.state.details;
      return d.code === "NO_TARGET_NODES" && d.failedCheck ? d : null;
    }, { what: "NO_TARGET_NODES", timeoutMs: 30_000 });
    expect(details).toMatchObject({ code: "NO_TARGET_NODES", failedCheck: "selector", failedTerm: "pool=nowhere" });
    expect(details.hint).toMatch(/selector/);
  }, 60_000);

  it("desired state: why it was placed, and the stop reason once its run is cancelled", async () => {
    const id = await submit({ name: "cancelled", type: "BATCH", command: "sleep 60", restartPolicy: { policy: "NEVER" } });
    const run = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id });
    const read = async () => (await t.gql(`query($id: ID) { executions(jobId: $id, first: 10) { edges { node { ${EXEC} } } } }`, { id })).data.executions.edges.map((e: any) => e.node);
    const running = await eventually(async () => (await read()).find((e: any) => e.computeState.stateType === "RUNNING") ?? null, { what: "running", timeoutMs: 30_000 });
    expect(running.desiredState.details).toMatchObject({ code: "PLACED", component: "scheduler", attempt: "1" });
    expect(running.details).not.toHaveProperty("code");
    expect((await t.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: run.data.triggerRun.run.id })).errors).toBeUndefined();
    const stopped = await eventually(async () => (await read()).find((e: any) => e.desiredState.stateType === "STOPPED") ?? null, { what: "desired STOPPED", timeoutMs: 30_000 });
    expect(stopped.desiredState.details).toMatchObject({ code: "RUN_ENDED", component: "scheduler" });
  }, 60_000);
});
