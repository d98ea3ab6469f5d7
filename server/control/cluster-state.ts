import type { Execution, Job, Node, Rollout, Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import type { JobSpec } from "../spec/types.ts";
import { ACTIVE_COMPUTE_STATES, ACTIVE_RUN_STATES } from "../../common/states.ts";

/** A node with what its live executions hold: a slot each, and the cpu (cores) and memory (bytes) they reserved. */
export type ClusterNode = Node & { used: number; cpuUsed: number; memoryUsed: number };

/** Everything reconcile needs about one job, read fresh from the database. */
export interface ClusterState {
  job: Job;
  nodes: ClusterNode[];
  /** The job's executions that are active, plus recently finished ones (restart history), oldest first. */
  executions: Execution[];
  /** The job's runs that are not finished. */
  runs: Run[];
  /** The job's current rollout (deploymentId), if any. */
  rollout: Rollout | null;
  /**
   * Specs of the versions the pass compares: the job's current one, the
   * versions its live executions run, and its rollout's target.
   */
  versions: Map<number, { spec: JobSpec; sourceVersion: number | null }>;
  /** The newest version whose rollout succeeded (what a failed update returns to). */
  lastSucceededVersion: number | null;
}

const HISTORY = 200;

/** Every node with the number of live executions on it and what they reserved (all jobs). */
export async function loadNodes(s: Services): Promise<ClusterNode[]> {
  const [nodes, usage] = await Promise.all([
    s.db.prisma.node.findMany({ orderBy: { id: "asc" } }),
    s.db.prisma.execution.groupBy({
      by: ["nodeId"],
      where: { computeState: { in: [...ACTIVE_COMPUTE_STATES] }, desiredState: { not: "STOPPED" } },
      _count: { _all: true },
      _sum: { cpuRequested: true, memoryRequested: true },
    }),
  ]);
  const used = new Map(usage.map((u) => [u.nodeId, u]));
  return nodes.map((n) => {
    const u = used.get(n.id);
    return { ...n, used: u?._count._all ?? 0, cpuUsed: u?._sum.cpuRequested ?? 0, memoryUsed: u?._sum.memoryRequested ?? 0 };
  });
}

/**
 * The job's state, read fresh. `nodes` may be passed by a caller that
 * evaluates several jobs in one pass over one read of the nodes (and keeps
 * their usage current as it applies plans), so a pass costs one node scan,
 * not one per job.
 */
export async function loadClusterState(s: Services, jobId: string, nodes?: ClusterNode[]): Promise<ClusterState | null> {
  const prisma = s.db.prisma;
  const job = await prisma.job.findUnique({ where: { id: jobId } });
  if (!job) return null;
  const [allNodes, active, recent, runs, rollout, succeeded] = await Promise.all([
    nodes ?? loadNodes(s),
    prisma.execution.findMany({ where: { jobId, computeState: { in: [...ACTIVE_COMPUTE_STATES] } } }),
    prisma.execution.findMany({
      where: { jobId, computeState: { notIn: [...ACTIVE_COMPUTE_STATES] } },
      orderBy: { id: "desc" },
      take: HISTORY,
    }),
    prisma.run.findMany({ where: { jobId, state: { in: [...ACTIVE_RUN_STATES] } }, orderBy: { id: "asc" } }),
    job.deploymentId ? prisma.rollout.findUnique({ where: { id: job.deploymentId } }) : null,
    prisma.rollout.findFirst({ where: { jobId, state: "SUCCEEDED" }, orderBy: { startedAt: "desc" }, select: { toVersion: true } }),
  ]);
  const wanted = new Set<number>([job.version, ...active.map((e) => e.jobVersion), ...recent.map((e) => e.jobVersion)]);
  if (rollout) wanted.add(rollout.toVersion);
  // A queued run places its own version, with that version's requests.
  for (const r of runs) wanted.add(r.jobVersion);
  const rows = await prisma.jobVersion.findMany({
    where: { jobId, version: { in: [...wanted] } },
    select: { version: true, spec: true, sourceVersion: true },
  });
  const versions = new Map(rows.map((v) => [v.version, { spec: v.spec as unknown as JobSpec, sourceVersion: v.sourceVersion }]));
  return {
    job,
    nodes: allNodes,
    executions: [...active, ...recent.reverse()],
    runs,
    rollout,
    versions,
    lastSucceededVersion: succeeded?.toVersion ?? null,
  };
}
