// A node event costs the jobs it concerns, not one evaluation per job: with
// thousands of jobs that have nothing to do with the node, a registration, a
// re-registration and a liveness flip write a handful of evaluations at most.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { expandNodeChanges } from "../../server/control/node-events.ts";
import { livenessTick } from "../../server/control/liveness.ts";
import { schedulerTick } from "../../server/control/scheduler.ts";
import { createEvaluation } from "../../server/jobs/evaluation.ts";
import { systemClock } from "../../server/clock.ts";
import { seedFinishedBatchJobs, seedNode, seedRunningServices } from "./seed.ts";

const providers = await databaseProviders();
const JOBS = 2_000;
/** Whatever the number of jobs: the few the test itself makes concerned. */
const FEW = 5;

describe.each(providers)("node events at scale on %s", (provider) => {
  let t: TestServer;
  let services: string[];
  beforeAll(async () => {
    t = await startTestServer(provider, { controlLoops: false });
    const prisma = t.services().db.prisma;
    await seedNode(prisma, "node-a", { pool: "a" });
    await seedFinishedBatchJobs(prisma, JOBS / 2, "node-a");
    services = await seedRunningServices(prisma, JOBS / 2, "node-a", { pool: "a" });
  }, 120_000);
  afterAll(async () => t?.stop());

  const register = async (nodeId: string, labels: Record<string, string>) => {
    // As an agent that restarted after a while: a node still heartbeating refuses a second agent.
    await t.services().db.prisma.node.updateMany({ where: { id: nodeId }, data: { lastHeartbeatAt: new Date(Date.now() - 3_600_000) } });
    const r = await t.gql(`mutation($input: RegisterNodeInput!) { registerNode(input: $input) { node { id } } }`, {
      input: { nodeId, hostname: nodeId, capacity: 4, labels },
    });
    expect(r.errors).toBeUndefined();
  };
  const evaluations = () => t.services().db.prisma.evaluation.count();

  it(`a new node that no job selects, among ${JOBS} jobs, writes no evaluation`, async () => {
    await register("node-b", { pool: "b" });
    expect(await expandNodeChanges(t.services())).toBeLessThanOrEqual(FEW);
    expect(await evaluations()).toBeLessThanOrEqual(FEW);
    expect(await t.services().db.prisma.nodeChange.count()).toBe(0);
  }, 60_000);

  it(`the node ${JOBS / 2} services run on registering again unchanged writes no evaluation`, async () => {
    const before = await evaluations();
    await register("node-a", { pool: "a" });
    expect(await expandNodeChanges(t.services())).toBeLessThanOrEqual(FEW);
    expect((await evaluations()) - before).toBeLessThanOrEqual(FEW);
  }, 60_000);

  it("a liveness flip of a node with no work writes no evaluation; one with work wakes exactly its jobs", async () => {
    const prisma = t.services().db.prisma;
    const long = new Date(Date.now() - 3_600_000);
    await seedNode(prisma, "node-c", { pool: "c" }, { heartbeatAt: long });
    const onC = await seedRunningServices(prisma, 3, "node-c", { pool: "c" }, "svc-c");
    await prisma.node.update({ where: { id: "node-b" }, data: { lastHeartbeatAt: long } });
    const before = await evaluations();
    await livenessTick(t.services(), 60_000);
    expect((await prisma.node.findUniqueOrThrow({ where: { id: "node-b" } })).state).toBe("DOWN");
    expect((await prisma.node.findUniqueOrThrow({ where: { id: "node-c" } })).state).toBe("DOWN");
    const written = await prisma.evaluation.findMany({ where: { createdAt: { gte: new Date(Date.now() - 60_000) } }, select: { jobId: true } });
    expect((await evaluations()) - before).toBe(3);
    expect(new Set(written.map((w) => w.jobId))).toEqual(new Set(onC));
  }, 60_000);

  it("a relabelled node still wakes the jobs whose work no longer fits it", async () => {
    const before = await evaluations();
    await register("node-a", { pool: "z" });
    expect(await expandNodeChanges(t.services())).toBe(services.length);
    expect((await evaluations()) - before).toBe(services.length);
  }, 60_000);

  it("evaluations of one job coalesce: one look answers every one already pending, claimed with it or not", async () => {
    const s = t.services();
    const prisma = s.db.prisma;
    await prisma.evaluation.deleteMany({});
    const job = await prisma.job.findUniqueOrThrow({ where: { id: services[0] } });
    const queue = (j: typeof job) => prisma.$transaction((tx) => createEvaluation(tx, systemClock, j, "job-update"));
    const first = await queue(job);
    // Enough other jobs' evaluations that the later ones of this job fall outside the first pass's batch.
    for (const other of await prisma.job.findMany({ where: { type: "batch" }, take: 60 })) await queue(other);
    for (let i = 0; i < 3; i++) await queue(job);
    while (await schedulerTick(s, "scale-test")) {
      /* drain */
    }
    const rows = await prisma.evaluation.findMany({ where: { jobId: job.id } });
    expect(rows.filter((r) => r.status === "PENDING")).toHaveLength(0);
    expect(rows.filter((r) => r.statusMessage === `covered by ${first.id}`)).toHaveLength(3);
  }, 60_000);
});
