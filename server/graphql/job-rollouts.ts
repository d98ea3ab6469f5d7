import type { Job, PrismaClient, Rollout } from "../db/client.ts";

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

/** The rollout in progress (RUNNING or PAUSED), or null. */
export async function activeRollout(prisma: PrismaClient, job: Job): Promise<Rollout | null> {
  if (!job.deploymentId) return null;
  const r = await prisma.rollout.findUnique({ where: { id: job.deploymentId } });
  return r && !isFinishedRollout(r) ? r : null;
}

/** The newest rollout that has ended (succeeded, failed or was superseded), or null. */
export async function lastFinishedRollout(prisma: PrismaClient, job: Job): Promise<Rollout | null> {
  return prisma.rollout.findFirst({
    where: { jobId: job.id, completedAt: { not: null } },
    orderBy: [{ completedAt: "desc" }, { startedAt: "desc" }, { id: "desc" }],
  });
}
