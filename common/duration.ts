/**
 * Durations in the spec are strings such as "500ms", "30s", "5m", "1h30m".
 *
 * Accepted: one or more `<number><unit>` parts with units `d` (24 hours, not a
 * calendar day), `h`, `m`, `s`, `ms`, each unit at most once and largest first
 * ("1h30m", not "30m1h": out-of-order units are more often a typo than intent).
 * Numbers may have a fraction ("1.5h") as long as the total is whole
 * milliseconds. A bare "0" is zero. Surrounding whitespace is ignored; inner
 * whitespace, signs and anything else are rejected.
 *
 * Canonical form (`formatDuration`): hours, minutes, seconds and milliseconds,
 * largest first, zero parts left out, "0s" for zero. Days are never written
 * ("1d" becomes "24h"), so that a wall-clock length reads the same way however
 * it was entered. "90s" → "1m30s", "1500ms" → "1s500ms", "0.5s" → "500ms".
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
const UNIT_ORDER: readonly Unit[] = ["d", "h", "m", "s", "ms"];

// `ms` before `m` and `s` so the alternation takes the longer unit.
const PART = /(\d+)(?:\.(\d+))?(ms|d|h|m|s)/y;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

export function tryParseDuration(text: unknown): DurationResult {
  if (typeof text !== "string") return { ok: false, message: 'must be a duration string such as "30s"' };
  const s = text.trim();
  if (s === "") return { ok: false, message: 'must not be empty (use "0s" for none)' };
  if (s.startsWith("-")) return { ok: false, message: `must not be negative: "${text}"` };
  if (s === "0") return { ok: true, ms: 0 };
  let total = 0n;
  let lastUnit = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m) return { ok: false, message: invalid(text, `at "${s.slice(at)}"`) };
    const [, whole, fraction = "", unitText] = m;
    const unit = unitText as Unit;
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit) return { ok: false, message: invalid(text, "units must each appear once, largest first") };
    lastUnit = order;
    const scale = 10n ** BigInt(fraction.length);
    const scaled = (BigInt(whole) * scale + BigInt(fraction || "0")) * BigInt(UNIT_MS[unit]);
    if (scaled % scale !== 0n) return { ok: false, message: invalid(text, "finer than a millisecond") };
    total += scaled / scale;
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `is too long: "${text}"` };
  return { ok: true, ms: Number(total) };
}

function invalid(text: string, why: string): string {
  return `is not a duration (${why}): "${text}"; use e.g. "500ms", "30s", "5m", "1h30m"`;
}

/** Milliseconds, or throws an Error whose message completes "<field> ...". */
export function parseDuration(text: string): number {
  const r = tryParseDuration(text);
  if (!r.ok) throw new Error(r.message);
  return r.ms;
}

export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`not a duration in milliseconds: ${ms}`);
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const unit of ["h", "m", "s", "ms"] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    rest -= n * UNIT_MS[unit];
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
}

/** The canonical spelling of a duration string, so equal durations compare equal. */
export function canonicalDuration(text: string): string {
  return formatDuration(parseDuration(text));
}
