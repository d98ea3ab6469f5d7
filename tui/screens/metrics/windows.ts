/** The windows the metrics screen offers: keys 1-3, with a step that gives about 60 points. */
export const WINDOWS = [
  { key: "1", since: "5m", step: "5s", label: "last 5m" },
  { key: "2", since: "15m", step: "15s", label: "last 15m" },
  { key: "3", since: "1h", step: "1m", label: "last 1h" },
] as const;

export type MetricWindow = (typeof WINDOWS)[number];

/** The newest value of a series, for the figure beside its sparkline. */
export function latest(points: { value: number }[]): number | null {
  return points.length ? points[points.length - 1].value : null;
}
