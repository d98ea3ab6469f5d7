import type { Execution, Job, Node, Rollout, Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import { ACTIVE_COMPUTE_STATES, ACTIVE_RUN_STATES } from "../../common/states.ts";

/** Everything reconcile needs about one job, read fresh from the database. */
export interface ClusterState {
  job: Job;
  nodes: (Node & { used: number })[];
  /** The job's executions that are active, plus recently finished ones (restart history). */
  executions: Execution[];
  /** The job's runs that are not finished. */
  runs: Run[];
  /** The job's current rollout (deploymentId), if any. */
  rollout?: Rollout | null;
}

const HISTORY = 200;

/** Every node with the number of live executions on it (all jobs). */
export async function loadNodes(s: Services): Promise<ClusterState["nodes"]> {
  const [nodes, usage] = await Promise.all([
    s.db.prisma.node.findMany({ orderBy: { id: "asc" } }),
    s.db.prisma.execution.groupBy({
      by: ["nodeId"],
      where: { computeState: { in: [...ACTIVE_COMPUTE_STATES] }, desiredState: { not: "STOPPED" } },
      _count: { _all: true },
    }),
  ]);
  const used = new Map(usage.map((u) => [u.nodeId, u._count._all]));
  return nodes.map((n) => ({ ...n, used: used.get(n.id) ?? 0 }));
}

export async function loadClusterState(s: Services, jobId: string): Promise<ClusterState | null> {
  const prisma = s.db.prisma;
  const job = await prisma.job.findUnique({ where: { id: jobId } });
  if (!job) return null;
  const [nodes, active, recent, runs, rollout] = await Promise.all([
    loadNodes(s),
    prisma.execution.findMany({ where: { jobId, computeState: { in: [...ACTIVE_COMPUTE_STATES] } } }),
    prisma.execution.findMany({
      where: { jobId, computeState: { notIn: [...ACTIVE_COMPUTE_STATES] } },
      orderBy: { id: "desc" },
      take: HISTORY,
    }),
    prisma.run.findMany({ where: { jobId, state: { in: [...ACTIVE_RUN_STATES] } }, orderBy: { id: "asc" } }),
    job.deploymentId ? prisma.rollout.findUnique({ where: { id: job.deploymentId } }) : null,
  ]);
  return {
    job,
    nodes,
    executions: [...active, ...recent.reverse()],
    runs,
    rollout,
  };
}
