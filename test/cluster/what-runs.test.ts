// What runs, checked on the machine: real agent processes, and the pids of
// the jobs' processes read from /proc, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/server.ts";
import { eventually, startReadyAgents, type AgentProcess } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";
import { isAlive, pidsOfExecution } from "../support/processes.ts";

const providers = await databaseProviders();

describe.each(providers)("what runs, on %s", (provider) => {
  let t: TestServer;
  const agents: AgentProcess[] = [];
  const NODES = ["node-w1", "node-w2", "node-w3"];

  beforeAll(async () => {
    t = await startTestServer(provider, { heartbeatTtlMs: 5000 });
    agents.push(...(await startReadyAgents(t, NODES.map((nodeId) => ({ nodeId, labels: { pool: "w" }, heartbeatMs: 250 })), { timeoutMs: 30_000 })));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const submit = async (input: Record<string, unknown>) => {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id status { version } } } }`, { input });
    expect(r.errors).toBeUndefined();
    return r.data.submitJob.job as { id: string; status: { version: number } };
  };
  const running = async (jobId: string) => {
    const r = await t.gql(`query($id: ID) { executions(jobId: $id, first: 100) { edges { node { id nodeId jobVersion createdAt computeState { stateType } desiredState { stateType } } } } }`, { id: jobId });
    return r.data.executions.edges.map((e: any) => e.node).filter((e: any) => e.computeState.stateType === "RUNNING" && e.desiredState.stateType === "RUNNING");
  };
  /** The newest seq: subscribing after it misses nothing that follows, however slow the socket is to open. */
  const seqNow = async () => (await t.gql(`{ jobs(first: 1) { seq } }`)).data.jobs.seq as number;
  const service = (name: string, command: string, extra: Record<string, unknown> = {}) => ({
    name,
    type: "SERVICE",
    command,
    selector: { matchLabels: { pool: "w" } },
    deployment: { strategy: "ROLLING", maxParallel: 1, healthCheck: { deadline: "30s", minHealthyTime: "1s" } },
    ...extra,
  });
  /** Waits until the rollout of `version` (default: the first) succeeded and the job runs. */
  const rolledOut = (id: string, version = 1) => {
    let last: unknown = null;
    return eventually(async () => {
      const r = await t.gql(`query($id: ID) { job(id: $id) { status { state { stateType message } rollout { state toVersion message } lastRollout { state toVersion message } } } }`, { id });
      last = r.data.job.status;
      const s = { ...r.data.job.status, rollout: r.data.job.status.rollout ?? r.data.job.status.lastRollout };
      return s.rollout?.state === "SUCCEEDED" && s.rollout.toVersion >= version && s.state.stateType === "RUNNING" ? true : null;
    }, { what: `rollout of v${version} to succeed (${JSON.stringify(last)})`, timeoutMs: 40_000 });
  };

  it("rolls a rolling create out wave by wave: one node at a time, each healthy before the next is placed", async () => {
    const events = collect(t.ws(), `subscription($after: Seq) { executionEvents(namespace: "default", after: $after) { type execution { id nodeId createdAt } } }`, { after: await seqNow() });
    const job = await submit(service("wave-create", "sleep 600 # wave-create"));
    await rolledOut(job.id);
    events.stop();
    const created = events.items.map((e: any) => e.executionEvents).filter((e: any) => e.type === "EXECUTION_CREATED").map((e: any) => new Date(e.execution.createdAt).getTime());
    expect(created).toHaveLength(3);
    // Each wave waits for the previous one's minHealthyTime (1 s) of running.
    expect(created[1] - created[0]).toBeGreaterThanOrEqual(1000);
    expect(created[2] - created[1]).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it("applies a metadata-only edit in place: same executions, same pids, a new version", async () => {
    const job = await submit(service("meta-edit", "sleep 600 # meta-edit"));
    await rolledOut(job.id);
    const before = await running(job.id);
    expect(before).toHaveLength(3);
    const pidsBefore = before.map((e: any) => pidsOfExecution(e.id));
    for (const p of pidsBefore) expect(p.length).toBeGreaterThan(0);
    const edited = await submit(service("meta-edit", "sleep 600 # meta-edit", { description: "now described", labels: { team: "edge" }, priority: 70, tags: ["x"] }));
    expect(edited.status.version).toBe(2);
    const after = await eventually(async () => {
      const ex = await running(job.id);
      return ex.length === 3 && ex.every((e: any) => e.jobVersion === 2) ? ex : null;
    }, { what: "executions to carry v2" });
    expect(after.map((e: any) => e.id).sort()).toEqual(before.map((e: any) => e.id).sort());
    await new Promise((r) => setTimeout(r, 1000));
    for (const [i, e] of before.entries()) expect(pidsOfExecution(e.id)).toEqual(pidsBefore[i]);
    const rollouts = await t.gql(`query($id: ID) { job(id: $id) { status { rollout { toVersion type } lastRollout { toVersion type } } } }`, { id: job.id });
    expect(rollouts.data.job.status.rollout ?? rollouts.data.job.status.lastRollout).toMatchObject({ type: "CREATE" });
  }, 60_000);

  it("ends a deleted service's processes before its rows go", async () => {
    const job = await submit(service("doomed-svc", "sleep 600 # doomed-svc", { deployment: { strategy: "IMMEDIATE" } }));
    await rolledOut(job.id);
    const execs = await running(job.id);
    const pids = execs.flatMap((e: any) => pidsOfExecution(e.id));
    expect(pids.length).toBeGreaterThanOrEqual(3);
    const del = await t.gql(`mutation($id: ID) { deleteJob(id: $id) { jobId deleted } }`, { id: job.id });
    expect(del.errors).toBeUndefined();
    expect(del.data.deleteJob).toEqual({ jobId: job.id, deleted: true });
    // The call returns once the rows are gone, which is after the agents reported every process ended.
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect((await t.gql(`query($id: ID) { job(id: $id) { id } }`, { id: job.id })).data.job).toBeNull();
  }, 60_000);

  it("cancels a deleted batch job's run and ends its process before its rows go", async () => {
    const before = await seqNow();
    const job = await submit({ name: "doomed-batch", type: "BATCH", command: "sleep 300 # doomed-batch", selector: { matchLabels: { pool: "w" } } });
    const trig = await t.gql(`mutation($id: ID!) { triggerRun(jobId: $id) { run { id } } }`, { id: job.id });
    const runId = trig.data.triggerRun.run.id;
    const exec = await eventually(async () => {
      const r = await t.gql(`query($id: ID) { executions(runId: $id) { edges { node { id computeState { stateType } } } } }`, { id: runId });
      const e = r.data.executions.edges[0]?.node;
      return e?.computeState.stateType === "RUNNING" && pidsOfExecution(e.id).length ? e : null;
    }, { what: "batch process running" });
    const pids = pidsOfExecution(exec.id);
    // Both streams replay from before the job existed, so once each has delivered its first
    // event it is live: the delete cannot purge the run's events before the stream read them.
    const events = collect(t.ws(), `subscription($id: ID, $after: Seq) { runEvents(jobId: $id, after: $after) { type run { state } } }`, { id: job.id, after: before });
    const jobEvents = collect(t.ws(), `subscription($id: ID, $after: Seq) { jobEvents(jobId: $id, after: $after) { type } }`, { id: job.id, after: before });
    await events.waitFor(1);
    await jobEvents.waitFor(1);
    expect(events.items.length * jobEvents.items.length).toBeGreaterThan(0);
    const del = await t.gql(`mutation($id: ID) { deleteJob(id: $id) { deleted } }`, { id: job.id });
    expect(del.data.deleteJob.deleted).toBe(true);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await eventually(async () => (jobEvents.items.some((e: any) => e.jobEvents.type === "JOB_DELETED") ? true : null), { what: "tombstone" });
    // Replayed from the log before the purge removed the job's events, or live: the run ended CANCELLED first.
    await eventually(async () => (events.items.some((e: any) => e.runEvents.run.state === "CANCELLED") ? true : null), { what: "run cancelled" });
    events.stop();
    jobEvents.stop();
  }, 60_000);

  it("refuses a rollback to a version that runs exactly what runs now, and keeps later metadata edits when rolling back", async () => {
    const v1 = await submit(service("rb", "sleep 600 # rb one", { description: "first" }));
    await rolledOut(v1.id);
    // v2 changes only metadata: rolling back to v1 would undo nothing that runs.
    await submit(service("rb", "sleep 600 # rb one", { description: "second", labels: { team: "a" } }));
    const same = await t.gql(`mutation($id: ID!) { rollbackJob(jobId: $id, toVersion: 1) { status { version } } }`, { id: v1.id });
    expect(same.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "toVersion" });
    expect(same.errors?.[0].message).toContain("nothing to roll back");
    const versions = async () => (await t.gql(`query($id: ID!) { jobVersions(jobId: $id) { version sourceVersion spec { command description labels } } }`, { id: v1.id })).data.jobVersions;
    expect((await versions())[0].version).toBe(2);
    // v3 changes what runs; rolling back to v1 restores the command and keeps v3's description and labels.
    await submit(service("rb", "sleep 600 # rb three", { description: "third", labels: { team: "b" } }));
    await rolledOut(v1.id, 3);
    const back = await t.gql(`mutation($id: ID!) { rollbackJob(jobId: $id, toVersion: 1) { status { version } } }`, { id: v1.id });
    expect(back.errors).toBeUndefined();
    expect((await versions())[0]).toEqual({ version: 4, sourceVersion: 1, spec: { command: "sleep 600 # rb one", description: "third", labels: { team: "b" } } });
    await rolledOut(v1.id, 4);
    const ex = await running(v1.id);
    expect(ex.map((e: any) => e.jobVersion)).toEqual([4, 4, 4]);
  }, 150_000);
});
