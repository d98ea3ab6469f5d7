import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import DataLoader from "dataloader";
import type { PrismaClient, Run } from "../db/client.ts";
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
  /** Cores and bytes reserved on a node by its live executions (what placement counts as taken). */
  nodeReservations: DataLoader<string, { cpu: number; memory: number }>;
}


export function createLoaders(prisma: PrismaClient): Loaders {
  const batch = <V>(load: (keys: readonly string[]) => Promise<V[]>) => new DataLoader<string, V>(load, { cache: false, maxBatchSize: 500 });
  return {
    jobRunningExecutions: batch(async (jobIds) => {
      const rows = await prisma.execution.groupBy({ by: ["jobId"], where: { jobId: { in: [...jobIds] }, computeState: "RUNNING" }, _count: { _all: true } });
      const byJob = new Map(rows.map((r) => [r.jobId, r._count._all]));
      return jobIds.map((id) => byJob.get(id) ?? 0);
    }),
    latestRun: batch(async (jobIds) => {
      // The newest createdAt per job, then those runs; ties (same millisecond) go to the greater id, a later ULID.
      const newest = await prisma.run.groupBy({ by: ["jobId"], where: { jobId: { in: [...jobIds] } }, _max: { createdAt: true } });
      const runs = newest.length
        ? await prisma.run.findMany({ where: { OR: newest.map((n) => ({ jobId: n.jobId, createdAt: n._max.createdAt! })) } })
        : [];
      const byJob = new Map<string, Run>();
      for (const r of runs) {
        const held = byJob.get(r.jobId);
        if (!held || r.id > held.id) byJob.set(r.jobId, r);
      }
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
