/** The windows the metrics screen offers: keys 1-3, with a step that gives 60 buckets. */
export const WINDOWS = [
  { key: "1", since: "5m", step: "5s", sinceMs: 5 * 60_000, stepMs: 5_000, label: "last 5m" },
  { key: "2", since: "15m", step: "15s", sinceMs: 15 * 60_000, stepMs: 15_000, label: "last 15m" },
  { key: "3", since: "1h", step: "1m", sinceMs: 60 * 60_000, stepMs: 60_000, label: "last 1h" },
] as const;

export type MetricWindow = (typeof WINDOWS)[number];

/**
 * The series on a fixed time grid of whole buckets, oldest first, null where
 * nothing was sampled. The bucket still filling is left out: it holds only
 * some instances' samples so far, so a sum (memory) or an average of fewer
 * samples would show a current value that drops, by half with two instances,
 * and jumps back when the bucket completes. Buckets start at multiples of the
 * step since the epoch, as the server cuts them.
 *
 * Worked example: step 15 s, now 10:00:20 → the current bucket 10:00:15 is
 * partial; the newest shown is 10:00:00-10:00:15.
 */
export function completeBuckets(points: { at: string; value: number }[], w: { sinceMs: number; stepMs: number }, now: number): (number | null)[] {
  const count = Math.round(w.sinceMs / w.stepMs);
  const partial = Math.floor(now / w.stepMs) * w.stepMs;
  const first = partial - count * w.stepMs;
  const byStart = new Map(points.map((p) => [Math.floor(Date.parse(p.at) / w.stepMs) * w.stepMs, p.value]));
  return Array.from({ length: count }, (_, i) => byStart.get(first + i * w.stepMs) ?? null);
}

/** The newest value that is there, for the figure beside a sparkline. */
export function latest(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

/**
 * The top of a sparkline's scale: the series maximum rounded up to 1, 2 or 5
 * times a power of ten, and never below `floor`, so an idle job's 0.001
 * cores is a low tick on a 0.1 scale, not a full bar on a scale of itself.
 */
export function niceMax(max: number, floor: number): number {
  const m = Math.max(max, floor);
  const p = 10 ** Math.floor(Math.log10(m));
  for (const f of [1, 2, 5, 10]) if (f * p >= m * (1 - 1e-9)) return f * p;
  return 10 * p;
}
