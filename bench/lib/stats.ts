// Medians and percentiles over rounds (nearest-rank: the figure is one that was measured).

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = xs.slice().sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** "12-19" over rounds, for the notes. */
export function spread(xs: number[], digits = 0): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(Math.min(...xs))}-${f(Math.max(...xs))}`;
}

/** drover/reference, or reference/drover when lower is better: above 1 means Drover wins. */
export function ratioOf(drover: number, reference: number | null, higherIsBetter: boolean): number | null {
  if (reference === null || !Number.isFinite(reference) || !Number.isFinite(drover) || drover === 0 || reference === 0) return null;
  return round(higherIsBetter ? drover / reference : reference / drover, 3);
}

export function round(n: number, digits = 2): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
