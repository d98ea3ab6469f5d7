import type { Job } from "../db/client.ts";
import type { Services } from "../services.ts";
import type { JobSpec } from "../spec/types.ts";
import { writeWithEvents } from "../events/write.ts";
import { jobSnapshot } from "../jobs/snapshot.ts";
import { triggerRun } from "../runs/trigger.ts";
import { dueFires } from "./due.ts";

/** Outcomes recorded on a CronFire row. */
export type FireOutcome = "CLAIMED" | "FIRED" | "SKIPPED_OVERLAP" | "MISSED" | "FAILED";

export interface CronTickResult {
  fired: number;
  skipped: number;
  missed: number;
  /** The earliest nextFireAt of any job after this tick: when to look again. */
  nextAt: Date | null;
}

/**
 * The due-time reads, through the driver (every second on an idle server):
 * ranges on the Job nextFireAt index (test/scale/due-time-indexes.test.ts
 * checks each plan). A stopped or deleted job does not fire.
 */
const DUE = `"nextFireAt" <= ? AND "state" NOT IN ('STOPPED', 'DELETED')`;
export const DUE_JOBS_SQL = `SELECT * FROM "Job" WHERE ${DUE} ORDER BY "nextFireAt" ASC LIMIT 100`;
export const NEXT_FIRE_SQL = `SELECT "nextFireAt" FROM "Job" WHERE "nextFireAt" IS NOT NULL AND "state" NOT IN ('STOPPED', 'DELETED') ORDER BY "nextFireAt" ASC LIMIT 1`;

/**
 * Fires every job whose nextFireAt has come. Each scheduled time is claimed by
 * inserting its CronFire row (jobId, scheduledAt) in the same transaction that
 * moves the job's cursor past it, guarded by the cursor's value as read: a
 * second replica, or this one after a restart, finds the row (a unique
 * violation) or the moved cursor and fires nothing. A fire is therefore at
 * most once; the run it starts also carries the idempotency key
 * `cron:<scheduledAt>`, so a retried trigger returns the same run.
 */
export async function cronTick(s: Services, now: Date = s.clock.now()): Promise<CronTickResult> {
  const due = await s.db.reads.rows<Job>("Job", DUE_JOBS_SQL, [now]);
  const result: CronTickResult = { fired: 0, skipped: 0, missed: 0, nextAt: null };
  for (const job of due) {
    try {
      const r = await fireJob(s, job, now);
      result.fired += r.fired;
      result.skipped += r.skipped;
      result.missed += r.missed;
    } catch (err) {
      s.log.error({ err, jobId: job.id }, "cron fire failed");
    }
  }
  const [upcoming] = await s.db.reads.rows<{ nextFireAt: Date }>("Job", NEXT_FIRE_SQL, []);
  result.nextAt = upcoming?.nextFireAt ?? null;
  return result;
}

/** Whether any job's fire is due: the cron loop's question every second, answered without the lease or the Prisma client. */
export async function anyCronDue(s: Services, now: Date = s.clock.now()): Promise<boolean> {
  return (await s.db.reads.all(`SELECT 1 AS "due" FROM "Job" WHERE ${DUE} LIMIT 1`, [now])).length > 0;
}

async function fireJob(s: Services, job: Job, now: Date): Promise<{ fired: number; skipped: number; missed: number }> {
  const spec = job.spec as unknown as JobSpec;
  const cursor = job.nextFireAt!;
  const d = spec.schedule ? dueFires(spec.schedule, spec.timeZone, spec.catchUp, cursor, now) : { fire: [], missed: [], missedMore: false, next: null };
  const claimed = await claimFires(s, job, cursor, d.next, d.fire, d.missed, now);
  if (!claimed) return { fired: 0, skipped: 0, missed: 0 };
  if (d.missed.length || d.missedMore) {
    s.log.warn({ jobId: job.id, missed: d.missed.length, more: d.missedMore, catchUp: spec.catchUp }, "cron fires missed while no server was running");
  }

  let fired = 0;
  let skipped = 0;
  for (const at of d.fire) {
    const outcome = await fireOne(s, job, spec, at);
    if (outcome.outcome === "FIRED") fired++;
    else skipped++;
    await s.db.prisma.cronFire.update({
      where: { jobId_scheduledAt: { jobId: job.id, scheduledAt: at } },
      data: { outcome: outcome.outcome, runId: outcome.runId },
    });
  }
  return { fired, skipped, missed: d.missed.length };
}

/**
 * The claim: one transaction that moves the cursor (only from the value read)
 * and inserts a CronFire row per scheduled time handled. False when another
 * process got there first.
 */
async function claimFires(s: Services, job: Job, cursor: Date, next: Date | null, fire: Date[], missed: Date[], now: Date): Promise<boolean> {
  try {
    const { result: claimed } = await writeWithEvents(s, async (tx, events) => {
      const moved = await tx.job.updateMany({ where: { id: job.id, nextFireAt: cursor }, data: { nextFireAt: next } });
      if (moved.count === 0) return false;
      const rows = [
        ...missed.map((at) => ({ jobId: job.id, scheduledAt: at, outcome: "MISSED" as FireOutcome, claimedAt: now })),
        ...fire.map((at) => ({ jobId: job.id, scheduledAt: at, outcome: "CLAIMED" as FireOutcome, claimedAt: now })),
      ];
      // A row already there means this time was handled before: the whole claim is void.
      if (rows.length) await tx.cronFire.createMany({ data: rows });
      const after = await tx.job.findUniqueOrThrow({ where: { id: job.id } });
      events.emit({ type: "JOB_CRON_FIRED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(after) });
      return true;
    });
    if (claimed && missed.length) s.log.warn({ job: `${job.namespace}/${job.name}`, jobId: job.id, missed: missed.length, firing: fire.length }, "cron fires missed while no server ran");
    return claimed;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

export async function fireOne(s: Services, job: Job, spec: JobSpec, at: Date): Promise<{ outcome: FireOutcome; runId: string | null }> {
  try {
    const { run } = await triggerRun(
      s,
      { id: job.id },
      { trigger: "CRON", scheduledAt: at, overlapPolicy: spec.overlapPolicy, idempotencyKey: `cron:${at.toISOString()}` },
    );
    return { outcome: "FIRED", runId: run.id };
  } catch (err) {
    const e = err as { extensions?: { code?: string; field?: string }; message?: string };
    if (e.extensions?.code === "INVALID_STATE" && e.extensions.field === "overlapPolicy") {
      s.log.info({ jobId: job.id, scheduledAt: at }, "cron fire skipped: the previous run is still active (overlapPolicy forbid)");
      return { outcome: "SKIPPED_OVERLAP", runId: null };
    }
    s.log.error({ err, jobId: job.id, scheduledAt: at }, "cron fire could not start a run");
    return { outcome: "FAILED", runId: null };
  }
}
