// The totals of the job and run lists come from ListCount, which triggers keep
// in the transaction of every change. Whatever sequence of inserts, state
// moves, deletes (cascading ones included) and folds a database sees, the
// kept counts equal a COUNT(*) of the rows, on both databases.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { countedBy, countedByNamespaceAndState, countedTotal, foldListCounts, listCountRows, shouldFold } from "../../server/db/list-counts.ts";
import { scopeConds } from "../../server/graphql/namespace-scope.ts";
import { eq } from "../../server/db/sql-conds.ts";
import type { Database } from "../../server/db/client.ts";

const providers = await databaseProviders();

const NAMESPACES = ["acme", "acme/web", "acme-labs", "beta"] as const;
const TYPES = ["SERVICE", "BATCH"] as const;
const JOB_STATES = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "DELETED"] as const;
const RUN_STATES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"] as const;

type Op =
  | { op: "job"; ns: number; type: number; state: number }
  | { op: "jobState"; at: number; state: number }
  | { op: "deleteJob"; at: number }
  | { op: "run"; at: number; state: number }
  | { op: "runState"; at: number; state: number }
  | { op: "deleteRun"; at: number }
  | { op: "fold" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("job" as const), ns: fc.nat(NAMESPACES.length - 1), type: fc.nat(1), state: fc.nat(JOB_STATES.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("jobState" as const), at: fc.nat(), state: fc.nat(JOB_STATES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteJob" as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("run" as const), at: fc.nat(), state: fc.nat(RUN_STATES.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("runState" as const), at: fc.nat(), state: fc.nat(RUN_STATES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteRun" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("fold" as const) }) },
);

let serial = 0;
const nextId = (prefix: string) => `${prefix}-${String(++serial).padStart(6, "0")}`;

async function apply(db: Database, op: Op): Promise<void> {
  const prisma = db.prisma;
  const now = new Date();
  const nth = <T>(rows: T[], at: number) => (rows.length ? rows[at % rows.length] : null);
  const someJob = async (at: number) => nth(await prisma.job.findMany({ select: { id: true, namespace: true }, orderBy: { id: "asc" } }), at);
  const someRun = async (at: number) => nth(await prisma.run.findMany({ select: { id: true }, orderBy: { id: "asc" } }), at);
  switch (op.op) {
    case "job": {
      const id = nextId("job");
      await prisma.job.create({
        data: {
          id, namespace: NAMESPACES[op.ns], name: id, type: TYPES[op.type], priority: 50, spec: {}, version: 1, revision: 1,
          state: JOB_STATES[op.state], stateMessage: "", stateDetails: {}, createdAt: now, updatedAt: now,
        },
      });
      return;
    }
    case "jobState": {
      const job = await someJob(op.at);
      if (job) await prisma.job.update({ where: { id: job.id }, data: { state: JOB_STATES[op.state], updatedAt: now } });
      return;
    }
    case "deleteJob": {
      // The job's runs go by ON DELETE CASCADE: their triggers must count that too.
      const job = await someJob(op.at);
      if (job) await prisma.job.delete({ where: { id: job.id } });
      return;
    }
    case "run": {
      const job = await someJob(op.at);
      if (!job) return;
      await prisma.run.create({
        data: { id: nextId("run"), jobId: job.id, namespace: job.namespace, jobVersion: 1, state: RUN_STATES[op.state], trigger: "MANUAL", operation: {}, message: "", createdAt: now, updatedAt: now },
      });
      return;
    }
    case "runState": {
      const run = await someRun(op.at);
      if (run) await prisma.run.update({ where: { id: run.id }, data: { state: RUN_STATES[op.state], updatedAt: now } });
      return;
    }
    case "deleteRun": {
      const run = await someRun(op.at);
      if (run) await prisma.run.delete({ where: { id: run.id } });
      return;
    }
    case "fold":
      await foldListCounts(db);
      return;
  }
}

const sorted = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));

/** Every total the lists read, kept and counted, side by side. */
async function expectCountsMatchRows(db: Database): Promise<void> {
  const { prisma, reads } = db;
  const scopes = [{}, { namespace: "acme" }, { namespace: "acme/web" }, { workspace: "acme" }, { workspace: "beta" }];
  for (const scope of scopes) {
    for (const type of [null, ...TYPES]) {
      const conds = [...scopeConds(scope), ...eq("type", type)];
      const where = {
        ...(type ? { type } : {}),
        ...("namespace" in scope ? { namespace: scope.namespace } : {}),
        ...("workspace" in scope ? { OR: [{ namespace: scope.workspace }, { namespace: { startsWith: `${scope.workspace}/` } }] } : {}),
      };
      const what = JSON.stringify({ scope, type });
      expect(await countedTotal(reads, "Job", conds), what).toBe(await prisma.job.count({ where }));
      const groups = await prisma.job.groupBy({ by: ["state"], where, _count: { _all: true } });
      expect(sorted(await countedBy(reads, "Job", "state", conds)), what).toEqual(sorted(groups.map((g) => ({ key: g.state, count: g._count._all }))));
      for (const state of JOB_STATES) {
        expect(await countedTotal(reads, "Job", [...conds, ...eq("state", state)]), `${what} ${state}`).toBe(await prisma.job.count({ where: { ...where, state } }));
      }
    }
  }
  const runGroups = await prisma.run.groupBy({ by: ["namespace", "state"], _count: { _all: true } });
  const key = (g: { namespace: string; state: string; _count: { _all: number } }) => ({ key: `${g.namespace} ${g.state}`, count: g._count._all });
  expect(sorted((await prisma.$transaction((tx) => countedByNamespaceAndState(tx, "Run"))).map(key))).toEqual(sorted(runGroups.map(key)));
}

describe.each(providers)("list counts on %s", (provider) => {
  let t: TestServer;
  let db: Database;

  beforeAll(async () => {
    t = await startTestServer(provider, { controlLoops: false });
    db = t.services().db;
  });
  afterAll(async () => t?.stop());

  it("equal COUNT(*) of the rows after any sequence of inserts, state moves, deletes and folds", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        for (const op of ops) await apply(db, op);
        await expectCountsMatchRows(db);
        // Folding changes no total, and leaves at most one row per key.
        await foldListCounts(db);
        await expectCountsMatchRows(db);
        const keys = await db.prisma.listCount.groupBy({ by: ["subject", "namespace", "type", "state"] });
        expect(await listCountRows(db.reads)).toBe(keys.length);
      }),
      { numRuns: provider === "sqlite" ? 25 : 12 },
    );
    // Every job deleted (its runs by cascade): nothing is left to count.
    await db.prisma.job.deleteMany({});
    await foldListCounts(db);
    expect(await listCountRows(db.reads)).toBe(0);
  }, 240_000);

  it("stay exact with writers and folds running at once", async () => {
    const now = new Date();
    const ids = Array.from({ length: 40 }, () => nextId("job"));
    await db.prisma.job.createMany({
      data: ids.map((id, i) => ({
        id, namespace: NAMESPACES[i % NAMESPACES.length], name: id, type: "SERVICE", priority: 50, spec: {}, version: 1, revision: 1,
        state: "PENDING" as const, stateMessage: "", stateDetails: {}, createdAt: now, updatedAt: now,
      })),
    });
    // Half the writers move jobs one way through the states, half the other way, each many rows per
    // transaction: counters updated in place would lock two rows in opposite orders here.
    const forward = ["RUNNING", "COMPLETED", "FAILED"] as const;
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let round = 0; round < 6; round++) {
          const order = w % 2 ? [...ids].reverse() : ids;
          const state = forward[(round + w) % forward.length];
          await db.prisma.$transaction(async (tx) => {
            for (const id of order.slice(0, 10)) await tx.job.update({ where: { id }, data: { state } });
          });
        }
      })(),
    );
    const folds = (async () => {
      for (let i = 0; i < 10; i++) {
        await foldListCounts(db);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all([...writers, folds, foldListCounts(db)]);
    await expectCountsMatchRows(db);
  }, 120_000);
});

describe("when the deltas are folded", () => {
  it("folds once deltas outnumber the folded rows, or when they have waited long enough, and never for nothing", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(120_000), (folded, deltas, ms) => {
        const fold = shouldFold(folded + deltas, folded, ms);
        if (deltas === 0) expect(fold).toBe(false);
        else if (deltas >= Math.max(256, folded)) expect(fold).toBe(true);
        else expect(fold).toBe(ms >= 30_000);
      }),
    );
    // Another replica folded (fewer rows than after this one's fold): fold again to learn the new size.
    expect(shouldFold(10, 40, 0)).toBe(true);
    // The first tick of a server folds whatever is there.
    expect(shouldFold(0, -1, Date.now())).toBe(true);
  });
});
