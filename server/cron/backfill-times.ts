import { nextFireTimes } from "../spec/cron.ts";

/** The default and the largest number of scheduled times one backfill may fire. */
export const BACKFILL_DEFAULT_MAX = 100;
export const BACKFILL_HARD_MAX = 1000;

export interface BackfillTimes {
  /** Scheduled times in [from, to], oldest first; at most `cap` of them. */
  times: Date[];
  /** True when the range holds more than `cap` times (`times` then lists the first `cap`). */
  exceeds: boolean;
}

/**
 * Pure: the schedule's times in the closed range [from, to], oldest first,
 * stopping after `cap` (one more is looked at only to say whether the range
 * holds more). The caller refuses a range that exceeds its cap rather than
 * firing part of it, so a backfill is all of the range or nothing.
 *
 * DST is nextFireTimes' rule: a repeated local time fires once, a missing one
 * not at all.
 */
export function scheduledTimesIn(schedule: string, timeZone: string, from: Date, to: Date, cap: number): BackfillTimes {
  const times: Date[] = [];
  if (to.getTime() < from.getTime() || cap < 0) return { times, exceeds: false };
  let after = new Date(from.getTime() - 1);
  for (;;) {
    const batch = nextFireTimes(schedule, timeZone, after, Math.min(200, cap + 1 - times.length));
    for (const t of batch) {
      if (t.getTime() > to.getTime()) return { times, exceeds: false };
      if (times.length === cap) return { times, exceeds: true };
      times.push(t);
    }
    if (batch.length === 0) return { times, exceeds: false };
    after = batch[batch.length - 1];
  }
}
