import { describe, expect, it } from "vitest";
import { budgetExceeded, canarySize, executionHealth, failureBudget, percentOf, planWaves, rollbackToVersion, waveSize } from "../../server/rollouts/plan.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";

const nodes = (n: number) => Array.from({ length: n }, (_, i) => `node-${String.fromCharCode(97 + i)}`);
const deployment = (d: Record<string, unknown>) =>
  normalizeSpec({ name: "x", type: "service", command: "true", deployment: { healthCheck: { deadline: "5m" }, ...d } as never }).deployment;

describe("rollout arithmetic", () => {
  it.each([
    [10, 20, 2],
    [10, 25, 3],
    [3, 1, 1],
    [0, 50, 0],
  ])("%i nodes at %i%% is %i", (total, percent, expected) => {
    expect(percentOf(total, percent)).toBe(expected);
  });

  it("plans waves per strategy", () => {
    expect(planWaves(nodes(6), deployment({ strategy: "immediate" }))).toEqual([nodes(6)]);
    expect(planWaves(nodes(6), deployment({ strategy: "rolling", maxParallel: 2 }))).toEqual([
      ["node-a", "node-b"],
      ["node-c", "node-d"],
      ["node-e", "node-f"],
    ]);
    expect(planWaves(nodes(5), deployment({ strategy: "rolling", maxParallelPercent: 50 }))).toEqual([
      ["node-a", "node-b", "node-c"],
      ["node-d", "node-e"],
    ]);
    expect(planWaves(nodes(4), deployment({ strategy: "rolling", maxParallel: 0 }))).toEqual([nodes(4)]);
    expect(planWaves(nodes(10), deployment({ strategy: "canary", canaryPercent: 20 })).map((w) => w.length)).toEqual([2, 8]);
    expect(planWaves(nodes(6), deployment({ strategy: "canary", maxParallel: 2 })).map((w) => w.length)).toEqual([1, 2, 2, 1]);
    expect(planWaves([], deployment({ strategy: "rolling", maxParallel: 2 }))).toEqual([]);
  });

  it("sizes canaries and waves", () => {
    expect(canarySize(3, { strategy: "canary", canaryCount: 5, canaryPercent: null })).toBe(3);
    expect(canarySize(3, { strategy: "rolling", canaryCount: null, canaryPercent: null })).toBe(0);
    expect(waveSize(7, { maxParallel: 10, maxParallelPercent: null })).toBe(7);
  });

  it("computes the failure budget as min(count, floor(percent × total / 100))", () => {
    expect(failureBudget(40, { maxFailedNodes: 10, maxFailedNodesPercent: 10 })).toBe(4);
    expect(failureBudget(200, { maxFailedNodes: 10, maxFailedNodesPercent: 10 })).toBe(10);
    expect(failureBudget(6, { maxFailedNodes: 10, maxFailedNodesPercent: 10 })).toBe(0);
    expect(budgetExceeded(1, 6, { maxFailedNodes: 10, maxFailedNodesPercent: 10 })).toBe(true);
    expect(budgetExceeded(4, 40, { maxFailedNodes: 10, maxFailedNodesPercent: 10 })).toBe(false);
  });

  it("picks rollbackToVersion per rollout type", () => {
    expect(rollbackToVersion("create", null, 1)).toBe(0);
    expect(rollbackToVersion("update", 3, 5)).toBe(3);
    expect(rollbackToVersion("restart", 4, 4)).toBe(4);
    expect(rollbackToVersion("rollback", 3, 5)).toBe(5);
  });

  it("calls an execution healthy after minHealthyTime running, failed past the deadline", () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const e = (state: string, started: number | null) => ({ computeState: state, createdAt: t(0), startedAt: started === null ? null : t(started) });
    expect(executionHealth(e("RUNNING", 2), 10_000, 60_000, t(12))).toEqual({ state: "healthy", stableAt: t(12) });
    expect(executionHealth(e("RUNNING", 2), 10_000, 60_000, t(5))).toEqual({ state: "waiting", until: t(12) });
    expect(executionHealth(e("PENDING", null), 10_000, 60_000, t(60))).toMatchObject({ state: "failed" });
    expect(executionHealth(e("FAILED", 2), 10_000, 60_000, t(5))).toMatchObject({ state: "failed" });
    expect(executionHealth(e("RUNNING", 55), 10_000, 60_000, t(60))).toMatchObject({ state: "failed", reason: "not healthy by the deadline" });
  });
});
