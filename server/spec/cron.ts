import { Cron, CronPattern } from "croner";

/**
 * Cron schedules: a standard 5-field expression (minute hour day-of-month
 * month day-of-week) or one of the macros below, in an IANA time zone.
 * croner does the parsing and arithmetic; this module only pins the subset we
 * accept (5 fields, no seconds or years; no @reboot) and the DST rule of
 * DECISIONS.md: a fire in a skipped hour is skipped (croner would move it to
 * the next valid time), a fire in a repeated hour happens once, at its first
 * occurrence (croner already does this).
 */

/** Macros and what they stand for; aliases normalise to the first spelling. */
export const CRON_MACROS = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
} as const;

const MACRO_ALIASES: Record<string, string> = { "@annually": "@yearly", "@midnight": "@daily" };

/** Trimmed, single-spaced, macros lowercase with aliases resolved: equal schedules compare equal. */
export function canonicalSchedule(expr: string): string {
  const s = expr.trim().replace(/\s+/g, " ");
  if (!s.startsWith("@")) return s;
  const macro = s.toLowerCase();
  return MACRO_ALIASES[macro] ?? macro;
}

function expand(expr: string): string {
  const s = canonicalSchedule(expr);
  return s.startsWith("@") ? (CRON_MACROS[s as keyof typeof CRON_MACROS] ?? s) : s;
}

/** Why `expr` is not an accepted schedule (completing "schedule ..."), or null. */
export function cronProblem(expr: string): string | null {
  const s = canonicalSchedule(expr);
  if (s === "") return "must not be empty";
  if (s.startsWith("@")) {
    if (!(s in CRON_MACROS)) return `is not a known macro: "${expr}" (use one of ${Object.keys(CRON_MACROS).join(", ")})`;
    return null;
  }
  const fields = s.split(" ").length;
  if (fields !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), not ${fields}: "${expr}"`;
  try {
    new CronPattern(s, undefined, { mode: "5-part" });
  } catch (err) {
    return `is not a valid cron expression: "${expr}" (${(err as Error).message.replace(/^CronPattern: /, "")})`;
  }
  return null;
}

/**
 * One formatter per time zone, built once: building an Intl.DateTimeFormat
 * costs far more than using one, and every spec's validation checks its zone.
 * Only zones that resolved are kept, and at most MAX_CACHED_ZONES spellings
 * (zone names are case-insensitive, so the spellings of real zones are many).
 */
const hourMinuteFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_ZONES = 1_000;

function hourMinuteFormat(tz: string): Intl.DateTimeFormat {
  let f = hourMinuteFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hour: "numeric", minute: "numeric", hourCycle: "h23" });
    if (hourMinuteFormats.size < MAX_CACHED_ZONES) hourMinuteFormats.set(tz, f);
  }
  return f;
}

/** Why `tz` is not an IANA time zone (completing "timeZone ..."), or null. */
export function timeZoneProblem(tz: string): string | null {
  // Offsets such as "+01:00" are not IANA names, and some runtimes accept them.
  if (!/^[A-Za-z]/.test(tz)) return `is not an IANA time zone such as "Europe/Berlin": "${tz}"`;
  try {
    hourMinuteFormat(tz);
    return null;
  } catch {
    return `is not a known IANA time zone: "${tz}"`;
  }
}

/** Local wall-clock hour and minute of `at` in `tz`. */
function localHourMinute(at: Date, tz: string): [number, number] {
  const parts = hourMinuteFormat(tz).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get("hour"), get("minute")];
}

/**
 * The next `count` fire times strictly after `after`, in `tz`. A schedule
 * that never fires (e.g. "0 0 31 2 *") gives fewer. Throws on an invalid
 * expression or zone; validate first with `cronProblem`/`timeZoneProblem`.
 */
export function nextFireTimes(expr: string, tz: string, after: Date, count: number): Date[] {
  const pattern = expand(expr);
  const cron = new Cron(pattern, { timezone: tz, mode: "5-part" });
  const wanted = new CronPattern(pattern, tz, { mode: "5-part" });
  const fires: Date[] = [];
  let prev = after;
  // Each skipped-hour fire costs one extra step; a year of them is plenty.
  for (let guard = 0; fires.length < count && guard < count + 400; guard++) {
    const next = cron.nextRun(prev);
    if (!next) break;
    prev = next;
    const [hour, minute] = localHourMinute(next, tz);
    // croner moves a fire whose local time does not exist (a DST gap) to the
    // next valid time; such a fire no longer matches the pattern: skip it.
    if (wanted.hour[hour] && wanted.minute[minute]) fires.push(next);
  }
  return fires;
}
