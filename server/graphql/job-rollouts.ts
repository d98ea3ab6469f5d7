import type { Job, PrismaClient, Rollout } from "../db/client.ts";
import type { Loaders } from "./loaders.ts";

/**
 * The rollouts a job's status shows. The job row keeps pointing at its newest
 * rollout after it ends (the scheduler reads it to know which version is
 * stable), but the seeds' `status.rollout` is "empty when no rollout is in
 * progress": so the API shows the row's rollout only while it runs or is
 * paused, and the one that ended, with its final state, as `lastRollout`.
 */
export function isFinishedRollout(r: Pick<Rollout, "completedAt">): boolean {
  return r.completedAt !== null;
}

/** The rollout in progress (RUNNING or PAUSED), or null. Batched over a page through the rollout loader. */
export async function activeRollout(loaders: Loaders, job: Job): Promise<Rollout | null> {
  if (!job.deploymentId) return null;
  const r = await loaders.rollout.load(job.deploymentId);
  return r && !isFinishedRollout(r) ? r : null;
}

/**
 * The newest rollout that has ended (succeeded, failed or was superseded), or
 * null. The job's own pointer is its newest rollout: when that one has ended
 * it is the answer (batched); only a job in the middle of a rollout needs a
 * query for the one before.
 */
export async function lastFinishedRollout(prisma: PrismaClient, loaders: Loaders, job: Job): Promise<Rollout | null> {
  const newest = job.deploymentId ? await loaders.rollout.load(job.deploymentId) : null;
  if (newest && isFinishedRollout(newest)) return newest;
  if (!job.deploymentId) return null;
  return prisma.rollout.findFirst({
    where: { jobId: job.id, completedAt: { not: null } },
    orderBy: [{ completedAt: "desc" }, { startedAt: "desc" }, { id: "desc" }],
  });
}
