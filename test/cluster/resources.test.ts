// Resource requests against real agents that report their node (overridden
// to 2 cores and 4 GiB each, so the test does not depend on this machine).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, submitJobId } from "../support/server.ts";
import { eventually, startReadyAgents, type AgentProcess } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";

const providers = await databaseProviders();
const GiB = 2 ** 30;
const NODES = ["node-r1", "node-r2", "node-r3"];

describe.each(providers)("resource requests with real agents on %s", (provider) => {
  let t: TestServer;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    t = await startTestServer(provider);
    // Heartbeats and samples once a second, not the helper's 4 and 2: nothing here waits on a node going
    // DOWN, and on a loaded machine a dozen heartbeats a second leave the in-process server little time to place.
    const specs = NODES.map((nodeId) => ({ nodeId, capacity: 8, cpu: 2, memory: 4 * GiB, heartbeatMs: 1000, sampleMs: 1000 }));
    agents.push(...(await startReadyAgents(t, specs, { timeoutMs: 90_000 })));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.stop();
  });

  const submit = (input: Record<string, unknown>) => submitJobId(t, input);

  async function trigger(jobId: string, n: number) {
    const rs = await Promise.all(
      Array.from({ length: n }, () => t.gql(`mutation($id: ID!) { triggerRun(jobId: $id, overlapPolicy: ALLOW) { run { id } } }`, { id: jobId })),
    );
    for (const r of rs) expect(r.errors).toBeUndefined();
    return rs.map((r) => r.data.triggerRun.run.id as string);
  }

  const runs = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => (await t.gql(`query($id: ID!) { run(id: $id) { id state message } }`, { id })).data.run as { state: string; message: string }));

  const nodes = async () =>
    (await t.gql(`{ nodes(first: 10) { edges { node { id cpuCores memoryBytes cpuRequested memoryRequested cpuFree memoryFree } } } }`)).data.nodes.edges.map(
      (e: any) => e.node,
    ) as any[];

  it("nodes carry what their agents report", async () => {
    expect(await nodes()).toEqual(
      NODES.map((id) => ({ id, cpuCores: 2, memoryBytes: 4 * GiB, cpuRequested: 0, memoryRequested: 0, cpuFree: 2, memoryFree: 4 * GiB })),
    );
  });

  /** The runs once three run (one per node) and one waits for capacity. */
  const threeRunningOneQueued = (ids: string[]) =>
    eventually(
      async () => {
        const rs = await runs(ids);
        return rs.filter((r) => r.state === "RUNNING").length === 3 && rs.some((r) => r.state === "QUEUED") ? rs : null;
      },
      { what: "three runs running and one queued", timeoutMs: 30_000 },
    );

  it("runs requesting 1.5 cores on 2-core nodes go one per node; the next waits and the job says why", async () => {
    const id = await submit({ name: "crunch", type: "BATCH", command: "sleep 60", resources: { cpu: 1.5 } });
    const ids = await trigger(id, 4);
    const settled = await threeRunningOneQueued(ids);
    expect(settled.find((r) => r.state === "QUEUED")!.message).toBe("waiting for capacity: none of 3 nodes has 1.5 cores free");
    const job = (await t.gql(`query($id: ID) { job(id: $id) { spec { resources { cpu memory } } status { state { stateType message } } } }`, { id })).data.job;
    expect(job.spec.resources).toEqual({ cpu: 1.5, memory: null });
    expect(job.status.state).toEqual({ stateType: "RUNNING", message: "running" });
    for (const n of await nodes()) expect(n).toMatchObject({ cpuRequested: 1.5, cpuFree: 0.5 });

    // Requested beside used: on each execution, and in the job's metrics once samples arrive.
    const ex = (await t.gql(`query($id: ID) { executions(jobId: $id, first: 10) { edges { node { nodeId cpuRequested memoryRequested } } } }`, { id })).data.executions.edges.map((e: any) => e.node);
    expect(ex.map((e: any) => e.nodeId).sort()).toEqual(NODES);
    expect(ex.every((e: any) => e.cpuRequested === 1.5 && e.memoryRequested === null)).toBe(true);
    const points = await eventually(
      async () => {
        const m = (await t.gql(`query($id: ID) { metrics(jobId: $id, names: ["cpu_usage", "memory_usage"], step: "1s") { name points { value requested } } }`, { id })).data.metrics;
        return m[0].points.length > 0 ? m : null;
      },
      { what: "metric samples", timeoutMs: 20_000 },
    );
    expect(points[0].points.every((p: any) => p.requested === 1.5 && p.value < 1.5)).toBe(true);
    expect(points[1].points.every((p: any) => p.requested === null)).toBe(true);
    await t.gql(`mutation($id: ID) { stopJob(id: $id) { seq } }`, { id });
    await eventually(async () => (await nodes()).every((n) => n.cpuRequested === 0), { what: "cpu released", timeoutMs: 20_000 });
  }, 120_000);

  it("memory likewise: 3 GiB runs on 4 GiB nodes go one per node, and the status names the memory", async () => {
    const id = await submit({ name: "cache", type: "BATCH", command: "sleep 60", resources: { memory: 3 * GiB } });
    const ids = await trigger(id, 4);
    const settled = await threeRunningOneQueued(ids);
    expect(settled.find((r) => r.state === "QUEUED")!.message).toBe("waiting for capacity: none of 3 nodes has 3 GiB memory free");
    for (const n of await nodes()) expect(n).toMatchObject({ memoryRequested: 3 * GiB, memoryFree: GiB });
    // A request bigger than any node fails at once, queueTimeout or not, and says which resource.
    const big = await submit({ name: "huge", type: "BATCH", command: "true", resources: { memory: 8 * GiB }, timeouts: { queueTimeout: 3600 } });
    const [bigRun] = await trigger(big, 1);
    const why = "no node can run it: none of 3 nodes has 8 GiB memory in total";
    const [failed] = await eventually(async () => ((await runs([bigRun]))[0].state === "FAILED" ? runs([bigRun]) : null), { what: "the big run failed", timeoutMs: 30_000 });
    expect(failed.message).toBe(why);
    const status = (await t.gql(`query($id: ID) { job(id: $id) { status { state { stateType message details } } } }`, { id: big })).data.job.status.state;
    expect(status).toEqual({ stateType: "FAILED", message: why, details: { code: "INSUFFICIENT_RESOURCES", runId: bigRun, resource: "memory" } });
    await t.gql(`mutation($id: ID) { stopJob(id: $id) { seq } }`, { id });
  }, 120_000);

  it("refuses an agent's report that cannot be true, writing nothing", async () => {
    const r = await t.gql(`mutation($input: RegisterNodeInput!) { registerNode(input: $input) { node { id } } }`, {
      input: { nodeId: "node-liar", hostname: "liar", capacity: 1, cpuCores: 0, memoryBytes: 2 ** 60 },
    });
    expect(r.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "cpuCores" });
    expect((r.errors?.[0].extensions as any).problems.map((p: any) => p.field)).toEqual(["cpuCores", "memoryBytes"]);
    expect((await t.gql(`query { node(id: "node-liar") { id } }`)).data.node).toBeNull();
    const hb = await t.gql(`mutation { heartbeat(nodeId: "node-r1", cpuCores: -1) { node { cpuCores } } }`);
    expect(hb.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "cpuCores" });
    expect((await nodes())[0].cpuCores).toBe(2);
  });
});
