/**
 * Time series from raw samples (pure). Samples are bucketed by `stepMs`;
 * within a bucket each execution contributes the mean of its samples, then
 * cpu_usage is the average across executions (cores per instance) and
 * memory_usage the sum (bytes in total), as the seed defines them.
 *
 * Beside each value, `requested`: what the same executions reserved on their
 * nodes (resources.cpu, resources.memory), aggregated the same way (average
 * cores per instance, total bytes), so used reads against requested; null
 * when none of them requested that resource.
 */
export interface Sample {
  executionId: string;
  at: Date;
  cpuCores: number;
  memoryBytes: number;
}

export interface Point {
  at: Date;
  value: number;
  requested: number | null;
}

/** What an execution reserved (null: nothing of that resource). */
export interface Requested {
  cpu: number | null;
  memory: number | null;
}

export const METRICS = {
  cpu_usage: { unit: "cores", aggregate: "avg", pick: (s: Sample) => s.cpuCores, requested: (r: Requested) => r.cpu },
  memory_usage: { unit: "bytes", aggregate: "sum", pick: (s: Sample) => s.memoryBytes, requested: (r: Requested) => r.memory },
} as const;

export type MetricName = keyof typeof METRICS;

export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

export function computeSeries(name: MetricName, samples: Sample[], stepMs: number, requests: ReadonlyMap<string, Requested> = new Map()): Point[] {
  const m = METRICS[name];
  const buckets = new Map<number, Map<string, number[]>>();
  for (const s of samples) {
    const b = Math.floor(s.at.getTime() / stepMs) * stepMs;
    const perExec = buckets.get(b) ?? new Map<string, number[]>();
    const values = perExec.get(s.executionId) ?? [];
    values.push(m.pick(s));
    perExec.set(s.executionId, values);
    buckets.set(b, perExec);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([b, perExec]) => {
      const means = [...perExec.values()].map((v) => v.reduce((x, y) => x + y, 0) / v.length);
      const total = means.reduce((x, y) => x + y, 0);
      const asked = [...perExec.keys()].map((id) => {
        const r = requests.get(id);
        return r ? m.requested(r) : null;
      });
      const askedTotal = asked.reduce<number>((x, y) => x + (y ?? 0), 0);
      const requested = asked.every((a) => a === null) ? null : m.aggregate === "avg" ? askedTotal / asked.length : askedTotal;
      return { at: new Date(b), value: m.aggregate === "avg" ? total / means.length : total, requested };
    });
}
