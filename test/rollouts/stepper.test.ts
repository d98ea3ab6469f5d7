// The rollout stepper (pure): one step of a rollout from its row, the job's
// spec and the executions, as a table of the cases that matter, and the
// invariants over random histories.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Execution } from "../../server/db/client.ts";
import { stepRollout } from "../../server/rollouts/progress.ts";
import { ago, execution, now, rollout, spec } from "../support/cluster-fixtures.ts";

const waves = [["node-a"], ["node-b", "node-c"], ["node-d"]];
const gated = (d: Record<string, unknown> = {}) =>
  spec({ type: "service", deployment: { strategy: "rolling", maxParallel: 2, maxFailedNodes: 0, healthCheck: { deadline: "30s", minHealthyTime: "10s" }, ...d } as never });
const canarySpec = (autoPromote: boolean) =>
  spec({ type: "service", deployment: { strategy: "canary", canaryCount: 1, maxParallel: 2, autoPromote, healthCheck: { deadline: "30s", minHealthyTime: "10s" } } as never });
/** A new execution of v2 on a node, placed `placedAgo` ms ago and running for `runningFor` ms (or in state `state`). */
const fresh = (nodeId: string, placedAgo: number, runningFor: number | null, state = "RUNNING") =>
  execution(nodeId, { jobVersion: 2, createdAt: ago(placedAgo), startedAt: runningFor === null ? null : ago(runningFor), computeState: state as Execution["computeState"] });
const r = (over: Parameters<typeof rollout>[0] = {}) => rollout({ fromVersion: 1, toVersion: 2, waves, startedAt: ago(60_000), ...over });

describe("stepRollout (table)", () => {
  it.each([
    {
      name: "waits while the wave's execution is running but not yet healthy",
      rollout: r(),
      executions: [fresh("node-a", 5_000, 4_000)],
      expect: { state: "RUNNING", currentWave: 1, updatedNodes: 0, waveStarted: false },
    },
    {
      name: "moves to the next wave once every node of the wave is healthy",
      rollout: r(),
      executions: [fresh("node-a", 20_000, 15_000)],
      expect: { state: "RUNNING", currentWave: 2, updatedNodes: 1, waveStarted: true },
    },
    {
      name: "halts when a node fails beyond the budget",
      rollout: r(),
      executions: [fresh("node-a", 20_000, null, "FAILED")],
      expect: { state: "FAILED", failedNodes: 1, completed: true },
    },
    {
      name: "fails a node not healthy by the deadline",
      rollout: r(),
      executions: [fresh("node-a", 40_000, null, "STARTING")],
      expect: { state: "FAILED", failedNodes: 1 },
    },
    {
      name: "succeeds when the last wave is healthy",
      rollout: r({ currentWave: 3 }),
      executions: [fresh("node-a", 50_000, 45_000), fresh("node-b", 40_000, 35_000), fresh("node-c", 40_000, 35_000), fresh("node-d", 20_000, 15_000)],
      expect: { state: "SUCCEEDED", updatedNodes: 4, completed: true },
    },
    {
      name: "stays paused when paused by the operator",
      rollout: r({ state: "PAUSED", message: "paused at wave 1 of 3" }),
      executions: [fresh("node-a", 20_000, 15_000)],
      expect: { state: "PAUSED", currentWave: 1, message: "paused at wave 1 of 3" },
    },
    {
      name: "counts a node already running the target version before the rollout as updated (not for a restart)",
      rollout: r({ type: "ROLLBACK", startedAt: ago(5_000) }),
      executions: [fresh("node-a", 1_000, 500), ...["node-b", "node-c", "node-d"].map((n) => fresh(n, 90_000, 90_000))],
      expect: { state: "SUCCEEDED", updatedNodes: 4 },
    },
  ])("$name", ({ rollout: ro, executions, expect: want }) => {
    const step = stepRollout(ro, gated(), executions, now);
    expect(step.rollout).toMatchObject(want);
  });

  it("waits for promote after a healthy canary, and moves on with canaryPromoted once promoted or with autoPromote", () => {
    const ro = r({ strategy: "canary", waves: [["node-a"], ["node-b", "node-c"]] });
    const healthy = [fresh("node-a", 20_000, 15_000)];
    expect(stepRollout(ro, canarySpec(false), healthy, now).rollout).toMatchObject({ state: "PAUSED", canaryPromoted: false, currentWave: 1 });
    expect(stepRollout({ ...ro, canaryPromoted: true }, canarySpec(false), healthy, now).rollout).toMatchObject({ state: "RUNNING", currentWave: 2, canaryPromoted: true });
    expect(stepRollout(ro, canarySpec(true), healthy, now).rollout).toMatchObject({ state: "RUNNING", currentWave: 2, canaryPromoted: true });
  });

  it("rolls back to rollbackToVersion when it halts, unless noAutoRollback", () => {
    const failing = [fresh("node-a", 20_000, null, "FAILED")];
    expect(stepRollout(r({ rollbackToVersion: 1 }), gated(), failing, now).rollbackTo).toBe(1);
    expect(stepRollout(r({ rollbackToVersion: 1 }), gated({ noAutoRollback: true }), failing, now).rollbackTo).toBeNull();
    expect(stepRollout(r({ rollbackToVersion: 0 }), gated(), failing, now).rollbackTo).toBeNull();
  });
});

describe("stepRollout (properties)", () => {
  const nodeIds = ["node-a", "node-b", "node-c", "node-d", "node-e"];
  const histories = fc.array(
    fc.record({ node: fc.constantFrom(...nodeIds), placedAgo: fc.integer({ min: 0, max: 120_000 }), ranFor: fc.option(fc.integer({ min: 0, max: 120_000 })), state: fc.constantFrom("PENDING", "STARTING", "RUNNING", "FAILED", "LOST") }),
    { maxLength: 8 },
  );
  const rollouts = fc.record({
    strategy: fc.constantFrom("rolling", "canary"),
    size: fc.integer({ min: 1, max: 3 }),
    wave: fc.integer({ min: 1, max: 5 }),
    promoted: fc.boolean(),
    autoPromote: fc.boolean(),
    paused: fc.boolean(),
  });

  it("never skips a wave, keeps currentWave within the plan, and a canary is promoted once later waves start", () => {
    fc.assert(
      fc.property(rollouts, histories, (ro, hist) => {
        const w: string[][] = [];
        for (let i = 0; i < nodeIds.length; i += ro.size) w.push(nodeIds.slice(i, i + ro.size));
        const currentWave = Math.min(ro.wave, w.length);
        const row = r({ strategy: ro.strategy, waves: w, currentWave, canaryPromoted: ro.promoted && currentWave === 1 ? true : currentWave > 1 && ro.strategy === "canary", state: ro.paused ? "PAUSED" : "RUNNING" });
        const s = ro.strategy === "canary" ? canarySpec(ro.autoPromote) : gated({ maxFailedNodes: 5 });
        const execs = hist.map((h) => fresh(h.node, h.placedAgo, h.ranFor === null ? null : Math.min(h.ranFor, h.placedAgo), h.state));
        const step = stepRollout(row, s, execs, now).rollout;
        expect(step.currentWave - currentWave).toBeGreaterThanOrEqual(0);
        expect(step.currentWave - currentWave).toBeLessThanOrEqual(1);
        expect(step.currentWave).toBeLessThanOrEqual(w.length);
        if (ro.paused) expect(step.state).toBe("PAUSED");
        if (ro.strategy === "canary" && step.currentWave > 1) expect(step.canaryPromoted).toBe(true);
        expect(step.updatedNodes + step.failedNodes).toBeLessThanOrEqual(nodeIds.length);
      }),
      { numRuns: 500 },
    );
  });
});
