import type { Job } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { writeWithEvents } from "../events/write.ts";
import { getJob, type JobRef } from "../jobs/find.ts";
import { jobSnapshot } from "../jobs/snapshot.ts";
import { BACKFILL_DEFAULT_MAX, BACKFILL_HARD_MAX, scheduledTimesIn } from "./backfill-times.ts";
import { fireOne, type FireOutcome } from "./dispatch.ts";
import { scheduledJobOrThrow } from "./steer.ts";

export interface BackfillFire {
  scheduledAt: Date;
  outcome: FireOutcome;
  runId: string | null;
}

export interface BackfillResult {
  job: Job;
  /** The scheduled times this call fired (or skipped by the overlap policy), oldest first. */
  fires: BackfillFire[];
  /** Times in the range left alone: handled before (by the schedule or an earlier backfill), or from the cursor on (the schedule fires those). */
  alreadyHandled: number;
}

/**
 * Fires every scheduled time of the job in [from, to] that was never handled
 * (Temporal's backfill), oldest first, each as the schedule would have: a
 * CronFire row claimed first, then a CRON run with that scheduledAt through
 * the job's overlap policy (forbid skips a time while an earlier run is still
 * active, replace cancels it, allow runs them all).
 *
 * Idempotent: a time that has a CronFire row (fired, skipped or missed by the
 * schedule, or by an earlier backfill) is not fired again, so backfilling the
 * same range twice fires nothing the second time.
 *
 * A range holding more than `max` times is refused whole (VALIDATION_FAILED on
 * `to`), so a backfill is never cut off part way. Only the past may be
 * backfilled, and only before the job's cursor: times from nextFireAt on are
 * the schedule's to fire.
 */
export async function backfillSchedule(
  s: Services,
  ref: JobRef,
  range: { from: Date; to: Date; max?: number | null },
): Promise<BackfillResult> {
  const job = await getJob(s.db.prisma, ref);
  const spec = scheduledJobOrThrow(job);
  const max = range.max ?? BACKFILL_DEFAULT_MAX;
  if (!Number.isInteger(max) || max < 1 || max > BACKFILL_HARD_MAX) {
    throw new DroverError("VALIDATION_FAILED", `max must be 1-${BACKFILL_HARD_MAX}, got ${max}`, { field: "max" });
  }
  if (range.to.getTime() < range.from.getTime()) {
    throw new DroverError("VALIDATION_FAILED", "to is before from", { field: "to" });
  }
  const now = s.clock.now();
  if (range.to.getTime() > now.getTime()) {
    throw new DroverError("VALIDATION_FAILED", `to (${range.to.toISOString()}) is in the future; backfill covers times that have passed`, { field: "to" });
  }
  const found = scheduledTimesIn(spec.schedule, spec.timeZone, range.from, range.to, max);
  if (found.exceeds) {
    throw new DroverError(
      "VALIDATION_FAILED",
      `${range.from.toISOString()}..${range.to.toISOString()} holds more than ${max} scheduled times of "${spec.schedule}"; narrow the range or raise max (at most ${BACKFILL_HARD_MAX})`,
      { field: "to" },
    );
  }
  const cursor = job.nextFireAt?.getTime() ?? Infinity;
  const inRange = found.times.filter((t) => t.getTime() < cursor);

  // The claim: one transaction inserts a CLAIMED row for every time not yet handled.
  const { result: claimed } = await writeWithEvents(s, async (tx, events) => {
    const handled = await tx.cronFire.findMany({
      where: { jobId: job.id, scheduledAt: { gte: range.from, lte: range.to } },
      select: { scheduledAt: true },
    });
    const seen = new Set(handled.map((f) => f.scheduledAt.getTime()));
    const fresh = inRange.filter((t) => !seen.has(t.getTime()));
    if (fresh.length) {
      await tx.cronFire.createMany({ data: fresh.map((at) => ({ jobId: job.id, scheduledAt: at, outcome: "CLAIMED", claimedAt: now })) });
      events.emit({ type: "JOB_CRON_FIRED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(job) });
    }
    return fresh;
  }).catch((err) => {
    if ((err as { code?: string }).code === "P2002") {
      throw new DroverError("CONFLICT", "another backfill or the schedule claimed some of these times meanwhile; retry (it fires only what is left)", { field: "from" });
    }
    throw err;
  });

  const fires: BackfillFire[] = [];
  for (const at of claimed) {
    const r = await fireOne(s, job, spec, at);
    await s.db.prisma.cronFire.update({ where: { jobId_scheduledAt: { jobId: job.id, scheduledAt: at } }, data: { outcome: r.outcome, runId: r.runId } });
    fires.push({ scheduledAt: at, ...r });
  }
  s.log.info(
    { job: `${job.namespace}/${job.name}`, jobId: job.id, from: range.from, to: range.to, fired: fires.filter((f) => f.outcome === "FIRED").length, skipped: fires.filter((f) => f.outcome !== "FIRED").length, alreadyHandled: found.times.length - claimed.length },
    "job schedule backfilled",
  );
  return { job: await getJob(s.db.prisma, { id: job.id }), fires, alreadyHandled: found.times.length - claimed.length };
}
