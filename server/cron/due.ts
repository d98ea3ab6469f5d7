import { nextFireTimes } from "../spec/cron.ts";

/**
 * A fire later than this after its scheduled time is "missed" rather than "late":
 * it falls under the catch-up rule. Normal ticking (every second, a little
 * longer under load) stays far inside it.
 */
export const MISFIRE_GRACE_MS = 60_000;

/** Look-back windows tried after downtime, smallest first: enough to find the newest missed fires without walking the whole gap. */
const LOOKBACK_MS = [86_400_000, 7 * 86_400_000, 31 * 86_400_000, 366 * 86_400_000];

export interface DueFires {
  /** Scheduled times to fire now, oldest first. */
  fire: Date[];
  /** Scheduled times that passed and will not fire (beyond the catch-up allowance), oldest first. */
  missed: Date[];
  /** True when more were missed than `missed` lists (a very long downtime of a frequent schedule). */
  missedMore: boolean;
  /** The first scheduled time after now: the job's new nextFireAt. Null when the schedule never fires again. */
  next: Date | null;
}

/**
 * Pure: which of a job's scheduled times are due at `now`, given its cursor
 * (`nextFireAt`, the first time not yet handled).
 *
 * Fires within MISFIRE_GRACE_MS of their time are on time and all fire. Older
 * ones were missed while nothing ticked (downtime): the job runs at most
 * `catchUp` times for them, the newest first, and an on-time fire counts
 * against that allowance; the rest are recorded as missed. With catchUp 1 (the
 * default), a server that was down over several fires runs the job once.
 *
 * DST needs nothing here: nextFireTimes already fires a repeated local time
 * once (its first occurrence) and skips a local time that does not exist.
 *
 * Example: "0 * * * *", cursor 09:00, catchUp 1. At 11:30 → due 09:00, 10:00,
 * 11:00, all late: 11:00 fires, 09:00 and 10:00 are missed. At 12:00:20
 * instead → 12:00 is on time and fires; 09:00-11:00 are missed. Next is 13:00.
 */
export function dueFires(schedule: string, timeZone: string, catchUp: number, cursor: Date, now: Date): DueFires {
  if (cursor.getTime() > now.getTime()) return { fire: [], missed: [], missedMore: false, next: cursor };
  // Walk back from now in growing windows until the window reaches the cursor or holds enough missed fires.
  let due: Date[] = [];
  let missedMore = false;
  for (const span of LOOKBACK_MS) {
    const from = Math.max(cursor.getTime(), now.getTime() - span);
    due = firesBetween(schedule, timeZone, new Date(from - 1), now);
    const late = due.filter((t) => now.getTime() - t.getTime() > MISFIRE_GRACE_MS).length;
    missedMore = from > cursor.getTime();
    if (!missedMore || late >= catchUp) break;
  }
  const onTime = due.filter((t) => now.getTime() - t.getTime() <= MISFIRE_GRACE_MS);
  const late = due.filter((t) => now.getTime() - t.getTime() > MISFIRE_GRACE_MS);
  // An on-time fire already runs the job after the gap: it counts against the catch-up allowance.
  const allowance = Math.max(0, catchUp - onTime.length);
  const caughtUp = allowance > 0 ? late.slice(-allowance) : [];
  return {
    fire: [...caughtUp, ...onTime],
    missed: late.slice(0, late.length - caughtUp.length),
    missedMore,
    next: nextFireTimes(schedule, timeZone, now, 1)[0] ?? null,
  };
}

/** Scheduled times in (after, until], oldest first. */
function firesBetween(schedule: string, timeZone: string, after: Date, until: Date): Date[] {
  const out: Date[] = [];
  let cursor = after;
  for (;;) {
    const batch = nextFireTimes(schedule, timeZone, cursor, 200);
    for (const t of batch) {
      if (t.getTime() > until.getTime()) return out;
      out.push(t);
    }
    if (batch.length < 200) return out;
    cursor = batch[batch.length - 1];
  }
}

/** The job's cursor after a write: kept while the schedule is the same, else the first time after now. */
export function cursorAfterWrite(
  before: { schedule: string | null; timeZone: string } | null,
  spec: { schedule: string | null; timeZone: string },
  current: Date | null,
  restarting: boolean,
  now: Date,
): Date | null {
  if (!spec.schedule) return null;
  const same = before && before.schedule === spec.schedule && before.timeZone === spec.timeZone;
  if (same && current && !restarting) return current;
  return nextFireTimes(spec.schedule, spec.timeZone, now, 1)[0] ?? null;
}
