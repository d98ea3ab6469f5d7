import type { Job, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import type { EventSink } from "../events/write.ts";

/**
 * Removes a deleted job whose processes have ended, with its versions,
 * evaluations, executions, rollouts, runs, logs, metrics and events, leaving
 * one tombstone event (state DELETED) so subscribers learn of it.
 */
export async function purgeJob(tx: Prisma.TransactionClient, s: Pick<Services, "clock" | "log">, job: Job, events: EventSink): Promise<void> {
  const now = s.clock.now();
  await tx.logLine.deleteMany({ where: { jobId: job.id } });
  await tx.metricSample.deleteMany({ where: { jobId: job.id } });
  await tx.event.deleteMany({ where: { jobId: job.id } });
  // Versions, labels, evaluations, executions, rollouts, runs and cron fires cascade.
  await tx.job.delete({ where: { id: job.id } });
  events.emit({
    type: "JOB_DELETED",
    namespace: job.namespace,
    jobId: job.id,
    snapshot: { ...job, state: "DELETED", stateMessage: "deleted", revision: job.revision + 1, updatedAt: now },
  });
  s.log.info({ job: `${job.namespace}/${job.name}`, jobId: job.id }, "job deleted");
}
