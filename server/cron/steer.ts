import type { Job } from "../db/client.ts";
import type { Services } from "../services.ts";
import type { JobSpec } from "../spec/types.ts";
import { DroverError } from "../errors.ts";
import { writeWithEvents } from "../events/write.ts";
import { getJob, type JobRef } from "../jobs/find.ts";
import { jobSnapshot } from "../jobs/snapshot.ts";
import { nextFireTimes } from "../spec/cron.ts";

/** A job whose schedule an operator may steer: it has one and has not been stopped or deleted. */
export function scheduledJobOrThrow(job: Job): JobSpec & { schedule: string } {
  const spec = job.spec as unknown as JobSpec;
  const name = `${job.namespace}/${job.name}`;
  if (!spec.schedule) throw new DroverError("INVALID_STATE", `job ${name} has no schedule`, { field: "jobId" });
  if (job.state === "STOPPED" || job.state === "DELETED") {
    throw new DroverError("INVALID_STATE", `job ${name} is ${job.state.toLowerCase()}; its schedule does not fire`, { field: "jobId" });
  }
  return spec as JobSpec & { schedule: string };
}

/**
 * Suspends or resumes a job's schedule (Kubernetes' CronJob `suspend`,
 * Temporal's schedule pause). The spec and version stay: this is an operator's
 * hold, not a change of what the job is. While suspended the cursor
 * (nextFireAt) is empty, so the dispatcher finds nothing to fire. Resuming sets
 * the cursor to the first scheduled time after now: the times that passed
 * while suspended are not caught up (backfillSchedule fires them on request).
 *
 * Setting the state it already has writes nothing and returns the job as is.
 */
export async function setScheduleSuspended(s: Services, ref: JobRef, suspended: boolean): Promise<{ job: Job; seq: number | null }> {
  const existing = await getJob(s.db.prisma, ref);
  const spec = scheduledJobOrThrow(existing);
  if ((existing.scheduleSuspendedAt !== null) === suspended) return { job: existing, seq: null };
  const now = s.clock.now();
  const written = await writeWithEvents(s, async (tx, events) => {
    const { count } = await tx.job.updateMany({
      where: { id: existing.id, revision: existing.revision },
      data: {
        scheduleSuspendedAt: suspended ? now : null,
        nextFireAt: suspended ? null : (nextFireTimes(spec.schedule, spec.timeZone, now, 1)[0] ?? null),
        revision: existing.revision + 1,
        updatedAt: now,
      },
    });
    if (count === 0) throw new DroverError("CONFLICT", `job ${existing.namespace}/${existing.name} changed meanwhile; retry`, { field: "jobId" });
    const job = await tx.job.findUniqueOrThrow({ where: { id: existing.id } });
    events.emit({
      type: suspended ? "JOB_SCHEDULE_SUSPENDED" : "JOB_SCHEDULE_RESUMED",
      namespace: job.namespace,
      jobId: job.id,
      snapshot: jobSnapshot(job),
    });
    return job;
  });
  s.log.info(
    { job: `${existing.namespace}/${existing.name}`, jobId: existing.id, nextFireAt: written.result.nextFireAt },
    suspended ? "job schedule suspended" : "job schedule resumed",
  );
  return { job: written.result, seq: written.seq };
}
