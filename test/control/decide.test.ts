import { describe, expect, it } from "vitest";
import type { Execution, Job, Run } from "../../server/db/client.ts";
import { decide, restartDecision } from "../../server/control/decide.ts";
import type { ClusterState } from "../../server/control/cluster-state.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import type { JobSpecInput } from "../../server/spec/types.ts";

const now = new Date("2026-04-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

function node(id: string, labels: Record<string, string>, opts: { capacity?: number; used?: number; state?: "READY" | "DOWN" | "DRAINING" } = {}) {
  return {
    id, hostname: id, labels, capacity: opts.capacity ?? 4, used: opts.used ?? 0, state: opts.state ?? "READY",
    runtimes: {}, agentVersion: null, lastHeartbeatAt: now, registeredAt: now, updatedAt: now, revision: 1,
  } as ClusterState["nodes"][number];
}

function job(input: JobSpecInput, over: Partial<Job> = {}): Job {
  const spec = normalizeSpec({ name: "j", ...input });
  return {
    id: "job-1", namespace: "default", name: "j", type: spec.type, priority: 50, spec: spec as never, version: 1, revision: 1,
    state: "PENDING", stateMessage: "", stateDetails: {}, deploymentId: null, nextFireAt: null, createdAt: ago(60_000), updatedAt: ago(60_000), ...over,
  } as Job;
}

let seq = 0;
function execution(nodeId: string, over: Partial<Execution> = {}): Execution {
  return {
    id: `exec-${String(++seq).padStart(4, "0")}`, jobId: "job-1", namespace: "default", nodeId, jobType: "service", jobVersion: 1, runId: null,
    evalId: null, deploymentId: null, desiredState: "RUNNING", desiredMessage: "", computeState: "RUNNING", computeMessage: "",
    computeDetails: {}, details: {}, previousExecutionId: null, nextExecutionId: null, revision: 1, attempt: 1, exitCode: null,
    reportCounter: 0, startedAt: ago(50_000), finishedAt: null, stableAt: null, createdAt: ago(50_000), updatedAt: ago(50_000), ...over,
  } as Execution;
}

const run = (id: string, over: Partial<Run> = {}) => ({ id, jobId: "job-1", namespace: "default", jobVersion: 1, state: "PENDING", createdAt: ago(1000), nodeIds: null, ...over }) as Run;

describe("decide (pure)", () => {
  it("places a service on every matching READY node with room, and explains the rest", () => {
    const state: ClusterState = {
      job: job({ type: "service", command: "x", selector: { matchLabels: { region: "eu" } } }),
      nodes: [node("node-a", { region: "eu" }), node("node-b", { region: "eu" }, { capacity: 1, used: 1 }), node("node-c", { region: "us" }), node("node-d", { region: "eu" }, { state: "DOWN" })],
      executions: [],
      runs: [],
    };
    const plan = decide(state, now);
    expect(plan.place.map((p) => p.nodeId)).toEqual(["node-a"]);
    expect(plan.explanation?.sentence).toBe("3 of 4 nodes match region=eu; 1 of those is not READY; 1 of those is full");
    expect(plan.job?.state).toBe("DEGRADED");
  });

  it("restarts a failed service execution only once its backoff has passed", () => {
    const base = { type: "service" as const, command: "x", restartPolicy: { backoff: "10s", maxBackoff: "1m" } };
    const failedAt = (ms: number) => execution("node-a", { computeState: "FAILED", finishedAt: ago(ms), exitCode: 1 });
    const early = decide({ job: job(base), nodes: [node("node-a", {})], executions: [failedAt(5_000)], runs: [] }, now);
    expect(early.place).toEqual([]);
    expect(early.followUpAt).toEqual(new Date(now.getTime() + 5_000));
    const due = decide({ job: job(base), nodes: [node("node-a", {})], executions: [failedAt(11_000)], runs: [] }, now);
    expect(due.place).toMatchObject([{ nodeId: "node-a", attempt: 2 }]);
  });

  it("doubles the backoff per consecutive failure up to maxBackoff", () => {
    const spec = normalizeSpec({ name: "j", type: "batch", command: "x", restartPolicy: { backoff: "1s", maxBackoff: "5s", maxRetries: 10 } });
    const last = execution("n", { computeState: "FAILED", finishedAt: now });
    const waits = [1, 2, 3, 4, 5].map((n) => {
      const d = restartDecision(spec, last, n);
      return d.retry ? d.at.getTime() - now.getTime() : null;
    });
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("queues a batch run when no node has room, and places it on the least loaded one otherwise", () => {
    const b = job({ type: "batch", command: "x" });
    const full = decide({ job: b, nodes: [node("node-a", {}, { capacity: 1, used: 1 })], executions: [], runs: [run("run-1")] }, now);
    expect(full.runs).toMatchObject([{ runId: "run-1", state: "QUEUED" }]);
    const placed = decide({ job: b, nodes: [node("node-a", {}, { used: 3 }), node("node-b", {}, { used: 1 })], executions: [], runs: [run("run-1")] }, now);
    expect(placed.place.map((p) => p.nodeId)).toEqual(["node-b"]);
  });

  it("in a rollback keeps the old execution until its replacement runs", () => {
    const j = job({ type: "service", command: "x" }, { version: 3, deploymentId: "roll-1" });
    const rollout = {
      id: "roll-1", jobId: "job-1", type: "ROLLBACK", state: "RUNNING", strategy: "rolling", fromVersion: 2, toVersion: 3, currentWave: 1,
      totalWaves: 1, totalNodes: 1, updatedNodes: 0, failedNodes: 0, canaryNodes: [], canaryPromoted: false, rollbackToVersion: 2,
      plan: { waves: [["node-a"]] }, message: "", startedAt: ago(5_000), completedAt: null, updatedAt: ago(5_000),
    } as never;
    const old = execution("node-a", { jobVersion: 2 });
    const first = decide({ job: j, nodes: [node("node-a", {})], executions: [old], runs: [], rollout }, now);
    expect(first.place).toMatchObject([{ nodeId: "node-a", jobVersion: 3, previousExecutionId: old.id }]);
    expect(first.stop).toEqual([]);
    const starting = execution("node-a", { jobVersion: 3, computeState: "STARTING", createdAt: ago(1000) });
    expect(decide({ job: j, nodes: [node("node-a", {})], executions: [old, starting], runs: [], rollout }, now).stop).toEqual([]);
    const running = { ...starting, computeState: "RUNNING" } as Execution;
    expect(decide({ job: j, nodes: [node("node-a", {})], executions: [old, running], runs: [], rollout }, now).stop).toEqual([
      { executionId: old.id, reason: "replaced (rollback)" },
    ]);
  });

  it("calls a job DEGRADED when an execution fails after its rollout completed", () => {
    const j = job({ type: "service", command: "x", restartPolicy: { backoff: "1m", maxBackoff: "1m" } }, { deploymentId: "roll-1" });
    const rollout = { id: "roll-1", type: "UPDATE", state: "SUCCEEDED", toVersion: 1, plan: { waves: [["node-a", "node-b"]] } } as never;
    const failed = execution("node-b", { computeState: "FAILED", finishedAt: ago(1000), stableAt: ago(30_000) });
    const plan = decide({ job: j, nodes: [node("node-a", {}), node("node-b", {})], executions: [execution("node-a"), failed], runs: [], rollout }, now);
    expect(plan.job).toEqual({ state: "DEGRADED", message: "1 of 2 nodes running, 1 restarting" });
    expect(plan.rollout ?? null).toBeNull();
  });

  // Invariants over random clusters, with a seeded generator so failures replay.
  function random(seed: number) {
    let x = seed;
    return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  }

  it("never places more than one live execution per node, never over capacity, and gives every stop a reason", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const nodes = Array.from({ length: 1 + Math.floor(r() * 8) }, (_, i) =>
        node(`node-${i}`, { zone: r() < 0.5 ? "a" : "b" }, { capacity: 1 + Math.floor(r() * 3), used: Math.floor(r() * 3), state: r() < 0.8 ? "READY" : r() < 0.5 ? "DOWN" : "DRAINING" }),
      );
      const execs = nodes.filter(() => r() < 0.5).map((n) => execution(n.id, { computeState: r() < 0.7 ? "RUNNING" : "FAILED", finishedAt: ago(120_000), jobVersion: r() < 0.8 ? 1 : 2 }));
      const stopped = r() < 0.2;
      const state: ClusterState = {
        job: job({ type: "service", command: "x", selector: { matchLabels: r() < 0.5 ? { zone: "a" } : {} } }, { state: stopped ? "STOPPED" : "RUNNING", version: 2 }),
        nodes,
        executions: execs,
        runs: [],
      };
      const plan = decide(state, now);
      if (stopped) expect(plan.place).toEqual([]);
      expect(plan.stop.every((st) => st.reason.length > 0)).toBe(true);
      const perNode = new Map<string, number>();
      for (const p of plan.place) perNode.set(p.nodeId, (perNode.get(p.nodeId) ?? 0) + 1);
      for (const [id, n] of perNode) {
        expect(n).toBe(1);
        const nd = nodes.find((x) => x.id === id)!;
        expect(nd.state).toBe("READY");
        const replacing = plan.place.some((p) => p.nodeId === id && p.previousExecutionId && plan.stop.some((st) => st.executionId === p.previousExecutionId));
        if (!replacing) expect(nd.used + n).toBeLessThanOrEqual(nd.capacity);
      }
    }
  });
});
