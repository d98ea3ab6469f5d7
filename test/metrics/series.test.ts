import { describe, expect, it } from "vitest";
import { computeSeries, type Sample } from "../../server/metrics/series.ts";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const sample = (executionId: string, s: number, cpuCores: number, memoryBytes: number): Sample => ({ executionId, at: at(s), cpuCores, memoryBytes });

describe("metric series", () => {
  const samples = [
    sample("e1", 0, 1.0, 100),
    sample("e1", 5, 0.5, 300), // e1 in bucket 0: cpu mean 0.75, memory mean 200
    sample("e2", 3, 0.25, 1000),
    sample("e1", 12, 2.0, 400),
  ];

  it("averages cpu across instances per bucket (cores per instance)", () => {
    expect(computeSeries("cpu_usage", samples, 10_000)).toEqual([
      // Samples without a request (no resources asked): nothing requested beside the value.
      { at: at(0), value: (0.75 + 0.25) / 2, requested: null },
      { at: at(10), value: 2.0, requested: null },
    ]);
  });

  it("sums memory across instances per bucket (bytes in total)", () => {
    expect(computeSeries("memory_usage", samples, 10_000)).toEqual([
      { at: at(0), value: 200 + 1000, requested: null },
      { at: at(10), value: 400, requested: null },
    ]);
  });

  it("gives no points without samples", () => {
    expect(computeSeries("cpu_usage", [], 1000)).toEqual([]);
  });
});
