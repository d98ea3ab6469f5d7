import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import DataLoader from "dataloader";
import type { Database, Execution, Rollout, Run, RunTimelineEvent } from "../db/client.ts";
import type { ReadDriver } from "../db/read-driver.ts";
import { countRunStates, emptyRunCounts, type RunCounts } from "./run-counts.ts";

/**
 * Per-operation batching for the fields a list asks of every row (a jobs
 * page of 100 asked 400 queries of the database; batched it asks a handful).
 * Nothing is cached: a subscription's context lives as long as the
 * subscription, and each event must see the database as it is now, so a
 * loader only gathers the keys asked within one tick into one query.
 */
export interface Loaders {
  /** Executions of a job running now. */
  jobRunningExecutions: DataLoader<string, number>;
  /** A job's newest run. */
  latestRun: DataLoader<string, Run | null>;
  /** A job's runs counted by state. */
  runCounts: DataLoader<string, RunCounts>;
  /** Executions placed on a node that have not finished. */
  nodeActiveExecutions: DataLoader<string, number>;
  /** A run's executions in id order. */
  runExecutions: DataLoader<string, Execution[]>;
  /** A run's timeline rows in time order. */
  runTimeline: DataLoader<string, RunTimelineEvent[]>;
  /** The spec of a job version, keyed by versionKey(jobId, version). */
  jobVersionSpec: DataLoader<string, unknown | null>;
  /** A rollout by id. */
  rollout: DataLoader<string, Rollout | null>;
  /** Cores and bytes reserved on a node by its live executions (what placement counts as taken). */
  nodeReservations: DataLoader<string, { cpu: number; memory: number }>;
}

/** The key of jobVersionSpec. */
export function versionKey(jobId: string, version: number): string {
  return `${jobId}\u0000${version}`;
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const by = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) by.get(keyOf(r))?.push(r);
  return keys.map((k) => by.get(k)!);
}

export function createLoaders(db: Pick<Database, "prisma" | "reads">): Loaders {
  const prisma = db.prisma;
  const batch = <V>(load: (keys: readonly string[]) => Promise<V[]>) => new DataLoader<string, V>(load, { cache: false, maxBatchSize: 500 });
  return {
    jobRunningExecutions: batch(async (jobIds) => {
      const rows = await prisma.execution.groupBy({ by: ["jobId"], where: { jobId: { in: [...jobIds] }, computeState: "RUNNING" }, _count: { _all: true } });
      const byJob = new Map(rows.map((r) => [r.jobId, r._count._all]));
      return jobIds.map((id) => byJob.get(id) ?? 0);
    }),
    latestRun: batch(async (jobIds) => {
      const runs = await latestRuns(db.reads, jobIds);
      const byJob = new Map(runs.map((r) => [r.jobId, r]));
      return jobIds.map((id) => byJob.get(id) ?? null);
    }),
    runCounts: batch(async (jobIds) => {
      const rows = await prisma.run.groupBy({ by: ["jobId", "state"], where: { jobId: { in: [...jobIds] } }, _count: { _all: true } });
      const byJob = new Map<string, RunCounts>();
      for (const r of rows) {
        const counts = byJob.get(r.jobId) ?? emptyRunCounts();
        countRunStates(counts, r.state, r._count._all);
        byJob.set(r.jobId, counts);
      }
      return jobIds.map((id) => byJob.get(id) ?? emptyRunCounts());
    }),
    nodeActiveExecutions: batch(async (nodeIds) => {
      const rows = await prisma.execution.groupBy({
        by: ["nodeId"],
        where: { nodeId: { in: [...nodeIds] }, computeState: { in: [...ACTIVE_COMPUTE_STATES] } },
        _count: { _all: true },
      });
      const byNode = new Map(rows.map((r) => [r.nodeId, r._count._all]));
      return nodeIds.map((id) => byNode.get(id) ?? 0);
    }),
    runExecutions: batch(async (runIds) =>
      groupBy(runIds, await prisma.execution.findMany({ where: { runId: { in: [...runIds] } }, orderBy: { id: "asc" } }), (e) => e.runId!),
    ),
    runTimeline: batch(async (runIds) =>
      groupBy(
        runIds,
        await prisma.runTimelineEvent.findMany({ where: { runId: { in: [...runIds] } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
        (t) => t.runId,
      ),
    ),
    jobVersionSpec: batch(async (keys) => {
      const pairs = keys.map((k) => k.split("\u0000"));
      // Every asked version of every asked job, then the pairs asked: one query whatever the page size.
      const rows = await prisma.jobVersion.findMany({
        where: { jobId: { in: [...new Set(pairs.map((p) => p[0]))] }, version: { in: [...new Set(pairs.map((p) => Number(p[1])))] } },
        select: { jobId: true, version: true, spec: true },
      });
      const byKey = new Map(rows.map((r) => [versionKey(r.jobId, r.version), r.spec]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
    rollout: batch(async (ids) => {
      const rows = await prisma.rollout.findMany({ where: { id: { in: [...ids] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    nodeReservations: batch(async (nodeIds) => {
      const rows = await prisma.execution.groupBy({
        by: ["nodeId"],
        where: { nodeId: { in: [...nodeIds] }, computeState: { in: [...ACTIVE_COMPUTE_STATES] }, desiredState: { not: "STOPPED" } },
        _sum: { cpuRequested: true, memoryRequested: true },
      });
      const byNode = new Map(rows.map((r) => [r.nodeId, { cpu: r._sum.cpuRequested ?? 0, memory: r._sum.memoryRequested ?? 0 }]));
      return nodeIds.map((id) => byNode.get(id) ?? { cpu: 0, memory: 0 });
    }),
  };
}

/**
 * The newest run of each job in one statement: per job, one backward step
 * along the (jobId, createdAt, id) index; ties (the same millisecond) go to
 * the greater id, a later ULID. The ids travel as one parameter, so the
 * statement is the same (and prepared once) for every page size.
 */
async function latestRuns(reads: ReadDriver, jobIds: readonly string[]): Promise<Run[]> {
  const keys =
    reads.provider === "sqlite"
      ? { from: `json_each(?) k`, param: JSON.stringify(jobIds) }
      : { from: `unnest(?::text[]) AS k(value)`, param: [...jobIds] };
  return reads.rows<Run>(
    "Run",
    `SELECT r.* FROM ${keys.from} JOIN "Run" r ON r."id" = (` +
      `SELECT r2."id" FROM "Run" r2 WHERE r2."jobId" = k.value ORDER BY r2."createdAt" DESC, r2."id" DESC LIMIT 1)`,
    [keys.param],
  );
}
