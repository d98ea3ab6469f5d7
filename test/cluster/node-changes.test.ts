// A node event costs one row, whatever the number of jobs; the scheduler
// turns it into one evaluation per job, once, however many nodes changed.
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { eventually } from "../support/agents.ts";
import { databaseProviders } from "../support/database.ts";
import { newId } from "../../server/ids.ts";

const providers = await databaseProviders();
const JOBS = 600;

describe.each(providers)("node changes on %s", (provider) => {
  let t: TestServer;
  afterAll(async () => t?.stop());

  const register = (nodeId: string) =>
    t.gql(`mutation($input: RegisterNodeInput!) { registerNode(input: $input) { node { id } } }`, {
      input: { nodeId, hostname: nodeId, capacity: 4, labels: { pool: "n" } },
    });

  it("registers nodes with hundreds of jobs writing no job evaluation, four at once, and each job is evaluated once afterwards", async () => {
    t = await startTestServer(provider, { controlLoops: false });
    const prisma = t.services().db.prisma;
    const now = new Date();
    // Hundreds of waiting jobs, written straight into the database (their placement is not the point).
    await prisma.job.createMany({
      data: Array.from({ length: JOBS }, (_, i) => ({
        id: newId("job", now), namespace: "bulk", name: `j${i}`, type: "batch", priority: 50,
        spec: { name: `j${i}`, namespace: "bulk", type: "batch", command: "true" }, version: 1, revision: 1,
        state: "QUEUED" as const, stateMessage: "", stateDetails: {}, createdAt: now, updatedAt: now,
      })),
    });
    const started = Date.now();
    const results = await Promise.all(["node-n1", "node-n2", "node-n3", "node-n4"].map(register));
    const took = Date.now() - started;
    for (const r of results) expect(r.errors).toBeUndefined();
    expect(await prisma.evaluation.count()).toBe(0);
    expect(await prisma.nodeChange.count()).toBe(4);
    // Well under the seconds one evaluation per job per registration took.
    expect(took).toBeLessThan(5_000);

    const { expandNodeChanges } = await import("../../server/control/node-events.ts");
    expect(await expandNodeChanges(t.services())).toBe(JOBS);
    expect(await prisma.nodeChange.count()).toBe(0);
    // Another change while those evaluations are pending adds none: each job is looked at once.
    await register("node-n5");
    expect(await expandNodeChanges(t.services())).toBe(0);
    const perJob = await prisma.evaluation.groupBy({ by: ["jobId"], _count: { _all: true } });
    expect(perJob).toHaveLength(JOBS);
    expect(perJob.every((g) => g._count._all === 1)).toBe(true);
  }, 60_000);

  it("with the control loops running, a node change reaches a job's placement", async () => {
    const live = await startTestServer(provider);
    try {
      const job = await live.gql(`mutation { submitJob(input: { name: "svc", type: SERVICE, command: "sleep 60", selector: { matchLabels: { pool: "late" } } }) { job { id } } }`);
      const id = job.data.submitJob.job.id;
      await eventually(async () => ((await live.gql(`query($id: ID) { job(id: $id) { status { state { stateType } } } }`, { id })).data.job.status.state.stateType === "PENDING" ? true : null));
      await live.gql(`mutation($input: RegisterNodeInput!) { registerNode(input: $input) { node { id } } }`, { input: { nodeId: "node-late", hostname: "late", capacity: 2, labels: { pool: "late" } } });
      await eventually(async () => {
        const r = await live.gql(`query($id: ID) { executions(jobId: $id) { totalCount } }`, { id });
        return r.data.executions.totalCount === 1 ? true : null;
      }, { what: "the new node to get the service", timeoutMs: 20_000 });
    } finally {
      await live.stop();
    }
  }, 60_000);
});
