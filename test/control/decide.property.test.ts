// Invariants of the scheduler's pure decision over random clusters, specs
// and histories (fast-check shrinks a failure to its smallest cluster).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Execution } from "../../server/db/client.ts";
import type { ClusterState } from "../../server/control/cluster-state.ts";
import { decide } from "../../server/control/decide.ts";
import { isLive } from "../../common/states.ts";
import type { JobSpec } from "../../server/spec/types.ts";
import { ago, execution, jobOf, now, node, rollout, spec, state } from "../support/cluster-fixtures.ts";

const NODE_STATES = ["READY", "READY", "READY", "DOWN", "DRAINING"] as const;
const COMPUTE = ["PENDING", "STARTING", "RUNNING", "RUNNING", "DEGRADED", "COMPLETE", "FAILED", "LOST", "STOPPED"] as const;

const deployment = fc.oneof(
  fc.constant({ strategy: "immediate" as const }),
  fc.record({ strategy: fc.constant("rolling" as const), maxParallel: fc.integer({ min: 0, max: 3 }), healthCheck: fc.constant({ deadline: "1m", minHealthyTime: "5s" }) }),
  fc.record({ strategy: fc.constant("canary" as const), canaryCount: fc.integer({ min: 1, max: 2 }), maxParallel: fc.integer({ min: 0, max: 2 }), healthCheck: fc.constant({ deadline: "1m", minHealthyTime: "5s" }), autoPromote: fc.boolean() }),
);

const clusterNodes = fc
  .array(fc.record({ state: fc.constantFrom(...NODE_STATES), capacity: fc.integer({ min: 1, max: 3 }), used: fc.integer({ min: 0, max: 3 }), zone: fc.constantFrom("a", "b") }), { minLength: 1, maxLength: 7 })
  .map((ns) => ns.map((n, i) => node(`node-${i}`, { zone: n.zone }, n)));

/** Executions of versions 1..3 on random nodes, ids in creation order. */
const history = (nodeCount: number) =>
  fc.array(
    fc.record({
      node: fc.integer({ min: 0, max: nodeCount - 1 }),
      version: fc.integer({ min: 1, max: 3 }),
      state: fc.constantFrom(...COMPUTE),
      stopped: fc.boolean(),
      age: fc.integer({ min: 1_000, max: 600_000 }),
    }),
    { maxLength: 10 },
  );

interface Scenario {
  state: ClusterState;
  specs: Record<number, JobSpec>;
}

/** A service at version 3, whose versions 1..3 differ in what runs or only in metadata. */
const scenario = fc
  .record({
    nodes: clusterNodes,
    deployment,
    runChanges: fc.tuple(fc.boolean(), fc.boolean()),
    zoneSelector: fc.boolean(),
    rolloutKind: fc.constantFrom("none", "succeeded", "running", "paused", "failed", "rollback"),
    wave: fc.integer({ min: 1, max: 4 }),
    stoppedJob: fc.constantFrom("no", "no", "no", "stopped", "deleted"),
    raw: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...COMPUTE), fc.boolean(), fc.integer({ min: 1_000, max: 600_000 })), { maxLength: 10 }),
  })
  .map((r): Scenario => {
    const selector = r.zoneSelector ? { matchLabels: { zone: "a" } } : undefined;
    const base = { type: "service" as const, deployment: r.deployment, selector };
    const commands = ["run-1", r.runChanges[0] ? "run-2" : "run-1", r.runChanges[1] ? "run-3" : r.runChanges[0] ? "run-2" : "run-1"];
    const specs: Record<number, JobSpec> = {
      1: spec({ ...base, command: commands[0], description: "one" }),
      2: spec({ ...base, command: commands[1], description: "two" }),
      3: spec({ ...base, command: commands[2], description: "three" }),
    };
    const executions: Execution[] = r.raw
      .map(([n, version, computeState, stopped, age]) => {
        const terminal = ["COMPLETE", "FAILED", "LOST", "STOPPED"].includes(computeState);
        return execution(r.nodes[n % r.nodes.length].id, {
          jobVersion: version,
          computeState,
          desiredState: stopped || computeState === "STOPPED" ? "STOPPED" : "RUNNING",
          createdAt: ago(age),
          startedAt: ago(age),
          finishedAt: terminal ? ago(age / 2) : null,
          exitCode: computeState === "FAILED" ? 1 : null,
        });
      })
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    const ids = r.nodes.map((n) => n.id);
    const waves: string[][] = [];
    for (let i = 0; i < ids.length; i += 2) waves.push(ids.slice(i, i + 2));
    const ro =
      r.rolloutKind === "none"
        ? null
        : rollout({
            id: "roll-x",
            type: r.rolloutKind === "rollback" ? "ROLLBACK" : "UPDATE",
            strategy: r.deployment.strategy,
            state: r.rolloutKind === "succeeded" ? "SUCCEEDED" : r.rolloutKind === "paused" ? "PAUSED" : r.rolloutKind === "failed" ? "FAILED" : "RUNNING",
            fromVersion: 2,
            toVersion: r.rolloutKind === "succeeded" ? 2 : 3,
            waves,
            currentWave: Math.min(r.wave, waves.length),
            startedAt: ago(300_000),
          });
    const job = jobOf(specs[3], {
      version: 3,
      state: r.stoppedJob === "stopped" ? "STOPPED" : r.stoppedJob === "deleted" ? "DELETED" : "RUNNING",
      deleteRequestedAt: r.stoppedJob === "deleted" ? ago(1_000) : null,
    });
    return { state: state({ job, nodes: r.nodes, executions, rollout: ro, specs }), specs };
  });

const runs = (s: JobSpec) => JSON.stringify([s.command, s.args, s.env, s.config, s.image, s.workingDir, s.restartPolicy, s.type]);

describe("decide over random clusters (properties)", () => {
  it("every stop has a reason; a stopped or deleted job keeps nothing desired running and places nothing", () => {
    fc.assert(
      fc.property(scenario, ({ state: st }) => {
        const plan = decide(st, now);
        for (const s of [...plan.stop, ...plan.lost]) expect(s.reason.trim().length).toBeGreaterThan(0);
        if (st.job.state === "STOPPED" || st.job.deleteRequestedAt) {
          expect(plan.place).toEqual([]);
          const ended = new Set([...plan.stop, ...plan.lost].map((s) => s.executionId));
          for (const e of st.executions.filter(isLive)) expect(ended.has(e.id)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("at most one live execution per node after the plan, outside a rollback's handover; never two placements on a node", () => {
    fc.assert(
      fc.property(scenario, ({ state: st }) => {
        const plan = decide(st, now);
        const ended = new Set([...plan.stop, ...plan.lost].map((s) => s.executionId));
        const perNode = new Map<string, number>();
        for (const e of st.executions.filter(isLive)) if (!ended.has(e.id)) perNode.set(e.nodeId, (perNode.get(e.nodeId) ?? 0) + 1);
        const placedOn = new Set<string>();
        for (const p of plan.place) {
          expect(placedOn.has(p.nodeId)).toBe(false);
          placedOn.add(p.nodeId);
          perNode.set(p.nodeId, (perNode.get(p.nodeId) ?? 0) + 1);
          expect(st.nodes.find((n) => n.id === p.nodeId)?.state).toBe("READY");
        }
        const rollback = st.rollout?.type === "ROLLBACK" && st.rollout.toVersion === st.job.version;
        // Executions already doubled up before the pass are stopped as duplicates; only new ones count here.
        for (const nodeId of placedOn) expect(perNode.get(nodeId)!).toBeLessThanOrEqual(rollback ? 2 : 1);
      }),
      { numRuns: 400 },
    );
  });

  it("never replaces more nodes than the rollout's waves so far allow", () => {
    fc.assert(
      fc.property(scenario, ({ state: st }) => {
        const plan = decide(st, now);
        const r = st.rollout;
        if (!r || r.type === "ROLLBACK" || r.toVersion !== st.job.version || !["RUNNING", "PAUSED", "FAILED"].includes(r.state)) return;
        const waves = (r.plan as { waves: string[][] }).waves;
        const allowed = new Set(waves.slice(0, r.currentWave).flat());
        const planned = new Set(waves.flat());
        for (const p of plan.place.filter((p) => p.jobVersion === st.job.version)) {
          if (planned.has(p.nodeId)) expect(allowed.has(p.nodeId)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a version that changes nothing that runs decides exactly what the version before it did: no stop, no rollout, no replacement of its own", () => {
    fc.assert(
      fc.property(scenario, ({ state: st, specs }) => {
        if (st.job.state === "STOPPED" || st.job.deleteRequestedAt) return;
        if (runs(specs[2]) !== runs(specs[3]) || st.rollout?.toVersion !== 2 || st.rollout.state !== "SUCCEEDED") return;
        // The same cluster with the job still at v2: a metadata edit to v3 must change nothing of what it decides.
        const before = decide({ ...st, job: { ...st.job, version: 2, spec: specs[2] as never } }, now);
        const after = decide(st, now);
        expect(after.startRollout).toBeNull();
        expect(after.stop).toEqual(before.stop.map((x) => ({ ...x, reason: x.reason.replace("v2", "v3") })));
        expect(after.lost).toEqual(before.lost);
        expect(after.place.map((p) => [p.nodeId, p.previousExecutionId, p.attempt])).toEqual(before.place.map((p) => [p.nodeId, p.previousExecutionId, p.attempt]));
      }),
      { numRuns: 400 },
    );
  });
});
