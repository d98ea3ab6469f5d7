// The API's hottest writes run a fixed, small number of statements in one
// transaction (a submit ran 32 in 2 transactions through the Prisma client):
// these counts fail when a write grows back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { createMemoryBus } from "../../server/events/bus.ts";
import { submitJob, stopJob } from "../../server/jobs/service.ts";
import { registerNode } from "../../server/nodes/service.ts";
import { admissionStatements } from "../../server/agents/join.ts";
import { createToken, verifySecret } from "../../server/auth/tokens.ts";
import type { Services } from "../../server/services.ts";
import type { JobSpecInput } from "../../server/spec/types.ts";
import { traceStatements } from "../../server/db/statement-trace.ts";

const providers = await databaseProviders();

describe.each(providers)("write statements on %s", (provider) => {
  let t: TestServer;
  let s: Services;
  let woken: number[];
  beforeAll(async () => {
    t = await startTestServer(provider, { controlLoops: false });
    // The counts are the write's alone: the server's background readers (the event tailer, the revoked-token
    // poll) query on timers of their own, so they are stopped, and the writes go to a bus of the test's
    // own, whose wake-ups show the scheduler would be woken.
    await t.services().tailer.stop();
    t.services().auth.stop();
    woken = [];
    const bus = createMemoryBus();
    bus.onWake((seq) => woken.push(seq));
    s = { ...t.services(), bus };
  });
  afterAll(async () => t?.stop());

  const counted = async <T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; texts: string[] }> => {
    const { result, statements } = await traceStatements(fn);
    return { result, statements: statements.length, texts: statements };
  };
  const job = (name: string, extra: Partial<JobSpecInput> = {}) =>
    ({ name, namespace: "count", type: "batch", command: "echo hi", labels: { team: "a", tier: "b" }, ...extra }) as JobSpecInput;

  it("creates a job in 8 statements: BEGIN, job, version, labels, evaluation, seq, event, COMMIT", async () => {
    const { result, statements } = await counted(() => submitJob(s, job("fresh")));
    expect(result).toMatchObject({ created: true, changed: true, versionChanged: true });
    expect(statements).toBe(8);
    // What was written is what the Prisma client reads back, and the event carries the seq returned.
    const stored = await s.db.prisma.job.findUniqueOrThrow({ where: { id: result.job!.id } });
    expect(stored).toEqual(result.job);
    const event = await s.db.prisma.event.findUniqueOrThrow({ where: { seq: BigInt(result.seq!) } });
    expect(event).toMatchObject({ type: "JOB_SUBMITTED", jobId: stored.id, namespace: "count" });
    expect(await s.db.prisma.jobLabel.count({ where: { jobId: stored.id } })).toBe(2);
    expect(await s.db.prisma.evaluation.count({ where: { jobId: stored.id, status: "PENDING", triggeredBy: "job-register" } })).toBe(1);
    expect(woken.at(-1)).toBe(result.seq);
  });

  it("updates a job in 13: the insert the unique index refuses (3), the read, and 9 in one transaction", async () => {
    await submitJob(s, job("changing"));
    const { result, statements } = await counted(() => submitJob(s, job("changing", { command: "echo changed" })));
    expect(result).toMatchObject({ created: false, changed: true, versionChanged: true });
    expect(result.job).toMatchObject({ version: 2, revision: 2 });
    expect(statements).toBe(13);
    expect(await s.db.prisma.job.findUniqueOrThrow({ where: { id: result.job!.id } })).toEqual(result.job);
    expect(await s.db.prisma.jobVersion.count({ where: { jobId: result.job!.id } })).toBe(2);
  });

  it("registers a node in 9 statements (10 with a join token's use), writing one node change and no evaluation, whatever the jobs", async () => {
    for (let i = 0; i < 5; i++) await submitJob(s, job(`waiting-${i}`));
    const evaluations = await s.db.prisma.evaluation.count();
    const admin = (await verifySecret(s.db.prisma, s.clock, t.token))!;
    const input = (nodeId: string) => ({ nodeId, hostname: nodeId, capacity: 2, labels: { pool: "p" } });
    const { result, statements } = await counted(() =>
      registerNode(s, input("node-counted"), (existing) => admissionStatements(s, admin, "node-counted", existing, [])),
    );
    expect(statements).toBe(9);
    expect(await s.db.prisma.node.findUniqueOrThrow({ where: { id: "node-counted" } })).toEqual(result.node);
    expect(await verifySecret(s.db.prisma, s.clock, result.token)).toMatchObject({ kind: "NODE", nodeId: "node-counted" });

    const join = await createToken(s.db.prisma, s.clock, { name: "join once", kind: "JOIN", maxUses: 1 });
    const joiner = (await verifySecret(s.db.prisma, s.clock, join.secret))!;
    const joined = await counted(() => registerNode(s, input("node-joined"), (existing) => admissionStatements(s, joiner, "node-joined", existing, [])));
    expect(joined.statements).toBe(10);
    expect(await s.db.prisma.apiToken.findUniqueOrThrow({ where: { id: join.id } })).toMatchObject({ uses: 1 });
    expect(await s.db.prisma.nodeChange.count()).toBe(2);
    expect(await s.db.prisma.evaluation.count()).toBe(evaluations);
  });

  it("two submits of one new name at once: one creates it, the other finds it through the unique index", async () => {
    const results = await Promise.all([submitJob(s, job("racing")), submitJob(s, job("racing"))]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.created)).toMatchObject({ changed: false, seq: null });
    expect(await s.db.prisma.jobVersion.count({ where: { job: { name: "racing" } } })).toBe(1);
  });

  it("direct writes and Prisma transactions interleaved: every write commits, and seqs are gapless in commit order", async () => {
    const first = (await submitJob(s, job("before-mix"))).seq!;
    const stoppable = await Promise.all(Array.from({ length: 10 }, (_, i) => submitJob(s, job(`stop-${i}`))));
    const mixed = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => submitJob(s, job(`mix-${i}`)).then((r) => r.seq!)),
      // stopJob still writes through the Prisma client's interactive transaction.
      ...stoppable.map((r) => stopJob(s, { id: r.job!.id }).then((r) => r.seq!)),
    ]);
    const seqs = (await s.db.prisma.event.findMany({ where: { seq: { gt: BigInt(first) } }, orderBy: { seq: "asc" } })).map((e) => Number(e.seq));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => first + 1 + i));
    expect(new Set(mixed).size).toBe(30);
  });
});
