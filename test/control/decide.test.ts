import { describe, expect, it } from "vitest";
import type { Execution } from "../../server/db/client.ts";
import { decide } from "../../server/control/decide.ts";
import { restartDecision } from "../../server/control/restart-policy.ts";
import { DELETE_GRACE_MS } from "../../server/control/decide-stop.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import { rollbackSpec } from "../../server/spec/diff.ts";
import { ago, execution, job, now, node, rollout, run, spec, state } from "../support/cluster-fixtures.ts";

describe("decide (pure)", () => {
  it("places a service on every matching READY node with room, and explains the rest", () => {
    const plan = decide(
      state({
        job: job({ type: "service", selector: { matchLabels: { region: "eu" } } }),
        nodes: [node("node-a", { region: "eu" }), node("node-b", { region: "eu" }, { capacity: 1, used: 1 }), node("node-c", { region: "us" }), node("node-d", { region: "eu" }, { state: "DOWN" })],
      }),
      now,
    );
    expect(plan.place.map((p) => p.nodeId)).toEqual(["node-a"]);
    expect(plan.explanation?.sentence).toBe("3 of 4 nodes match region=eu; 1 of those is not READY; 1 of those is full");
    expect(plan.job?.state).toBe("DEGRADED");
  });

  it("restarts a failed service execution only once its backoff has passed", () => {
    const base = { type: "service" as const, restartPolicy: { backoff: "10s", maxBackoff: "1m" } };
    const failedAt = (ms: number) => execution("node-a", { computeState: "FAILED", finishedAt: ago(ms), exitCode: 1, computeMessage: "exit code 1" });
    const early = decide(state({ job: job(base), nodes: [node("node-a")], executions: [failedAt(5_000)] }), now);
    expect(early.place).toEqual([]);
    expect(early.followUpAt).toEqual(new Date(now.getTime() + 5_000));
    expect(early.job?.message).toContain("1 restarting; node-a: exit code 1");
    const last = failedAt(11_000);
    const due = decide(state({ job: job(base), nodes: [node("node-a")], executions: [last] }), now);
    expect(due.place).toMatchObject([{ nodeId: "node-a", attempt: 2, previousExecutionId: last.id }]);
  });

  it("doubles the backoff per consecutive failure up to maxBackoff", () => {
    const s = normalizeSpec({ name: "j", type: "batch", command: "x", restartPolicy: { backoff: "1s", maxBackoff: "5s", maxRetries: 10 } });
    const last = execution("n", { computeState: "FAILED", finishedAt: now });
    const waits = [1, 2, 3, 4, 5].map((n) => {
      const d = restartDecision(s, last, n);
      return d.retry ? d.at.getTime() - now.getTime() : null;
    });
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("queues a batch run when no node has room, and places it on the least loaded one otherwise", () => {
    const b = job({ type: "batch" });
    const full = decide(state({ job: b, nodes: [node("node-a", {}, { capacity: 1, used: 1 })], runs: [run("run-1")] }), now);
    expect(full.runs).toMatchObject([{ runId: "run-1", state: "QUEUED" }]);
    const placed = decide(state({ job: b, nodes: [node("node-a", {}, { used: 3 }), node("node-b", {}, { used: 1 })], runs: [run("run-1")] }), now);
    expect(placed.place.map((p) => p.nodeId)).toEqual(["node-b"]);
  });

  it("in a rollback keeps the old execution until its replacement runs", () => {
    const j = job({ type: "service" }, { version: 3 });
    const r = rollout({ type: "ROLLBACK", fromVersion: 2, toVersion: 3, rollbackToVersion: 2, waves: [["node-a"]], startedAt: ago(5_000) });
    const other = spec({ type: "service", command: "y" });
    const old = execution("node-a", { jobVersion: 2 });
    const s = (executions: Execution[]) => state({ job: j, nodes: [node("node-a")], executions, rollout: r, specs: { 2: other } });
    const first = decide(s([old]), now);
    expect(first.place).toMatchObject([{ nodeId: "node-a", jobVersion: 3, previousExecutionId: old.id }]);
    expect(first.stop).toEqual([]);
    const starting = execution("node-a", { jobVersion: 3, computeState: "STARTING", createdAt: ago(1000) });
    expect(decide(s([old, starting]), now).stop).toEqual([]);
    const running = { ...starting, computeState: "RUNNING" } as Execution;
    expect(decide(s([old, running]), now).stop).toEqual([{ executionId: old.id, reason: "replaced (rollback)" }]);
  });

  it("calls a job DEGRADED when an execution fails after its rollout completed, naming the failure", () => {
    const j = job({ type: "service", restartPolicy: { backoff: "1m", maxBackoff: "1m" } });
    const failed = execution("node-b", { computeState: "FAILED", finishedAt: ago(1000), stableAt: ago(30_000), exitCode: 3, computeMessage: "exit code 3" });
    const plan = decide(state({ job: j, nodes: [node("node-a"), node("node-b")], executions: [execution("node-a"), failed] }), now);
    expect(plan.job).toMatchObject({ state: "DEGRADED", message: "1 of 2 nodes running, 1 restarting; node-b: exit code 3" });
    expect(plan.job?.details).toMatchObject({ code: "EXECUTION_FAILED", exitCode: "3", nodeId: "node-b" });
    expect(plan.rollout).toBeNull();
  });
});

describe("decide: batch work that moved", () => {
  it("a run placed again after its node was lost names the node it runs on now, and links the attempts", () => {
    const b = job({ type: "batch", restartPolicy: { maxRetries: 2 } });
    const lost = execution("node-a", { runId: "run-1", computeState: "LOST", desiredState: "STOPPED", finishedAt: ago(2000) });
    const again = decide(state({ job: b, nodes: [node("node-a", {}, { state: "DOWN" }), node("node-b")], executions: [lost], runs: [run("run-1", { state: "RUNNING", message: "running on node-a" })] }), now);
    expect(again.place).toMatchObject([{ nodeId: "node-b", attempt: 2, previousExecutionId: lost.id, reason: "moved from lost node node-a (attempt 2)" }]);
    const moved = execution("node-b", { runId: "run-1", attempt: 2 });
    const running = decide(state({ job: b, nodes: [node("node-a", {}, { state: "DOWN" }), node("node-b")], executions: [lost, moved], runs: [run("run-1", { state: "RUNNING", message: "running on node-a" })] }), now);
    expect(running.runs).toEqual([{ runId: "run-1", state: "RUNNING", message: "running on node-b" }]);
  });
});

describe("decide: work on a DOWN node", () => {
  it("is marked LOST with the node's last heartbeat, and batch work is placed again elsewhere in the same pass", () => {
    const b = job({ type: "batch", restartPolicy: { maxRetries: 2 } });
    const gone = execution("node-a", { runId: "run-1" });
    const down = { ...node("node-a", {}, { state: "DOWN" }), lastHeartbeatAt: ago(20_000) };
    const plan = decide(state({ job: b, nodes: [down, node("node-b")], executions: [gone], runs: [run("run-1", { state: "RUNNING" })] }), now);
    expect(plan.lost).toEqual([{ executionId: gone.id, reason: `node node-a stopped heartbeating (last ${ago(20_000).toISOString()})` }]);
    expect(plan.place).toMatchObject([{ nodeId: "node-b", attempt: 2, previousExecutionId: gone.id }]);
  });
});

describe("decide: a node that cannot run the work", () => {
  const noRuntime = (nodeId: string) =>
    execution(nodeId, { runId: "run-1", computeState: "FAILED", desiredState: "RUNNING", finishedAt: ago(1000), computeMessage: "image alpine:3 needs a container runtime, and this node has none", computeDetails: { code: "NO_CONTAINER_RUNTIME", skipped: "true" } });

  it("moves the run to another feasible node at once, without the restart policy's backoff, and never back", () => {
    const b = job({ type: "batch", image: "alpine:3", restartPolicy: { policy: "never" } });
    const failed = noRuntime("node-a");
    const plan = decide(state({ job: b, nodes: [node("node-a"), node("node-b")], executions: [failed], runs: [run("run-1", { state: "RUNNING" })] }), now);
    expect(plan.place).toMatchObject([{ nodeId: "node-b", attempt: 2, previousExecutionId: failed.id, reason: "moved from node-a, which cannot run it (attempt 2)" }]);
  });

  it("fails the run at once, saying why, when no other node can take it", () => {
    const b = job({ type: "batch", image: "alpine:3" });
    const plan = decide(state({ job: b, nodes: [node("node-a")], executions: [noRuntime("node-a")], runs: [run("run-1", { state: "RUNNING" })] }), now);
    expect(plan.place).toEqual([]);
    expect(plan.runs).toMatchObject([{ runId: "run-1", state: "FAILED", message: "no node can run it: image alpine:3 needs a container runtime, and this node has none" }]);
  });
});

describe("decide: what starts a rollout and what applies in place", () => {
  const nodes = ["node-a", "node-b", "node-c", "node-d"].map((id) => node(id));
  const rolling = { type: "service" as const, deployment: { strategy: "rolling" as const, maxParallel: 1, healthCheck: { deadline: "5m" } } };

  it("a new long-running job starts a CREATE rollout and places nothing in that pass", () => {
    const plan = decide(state({ job: job(rolling), nodes, rollout: null }), now);
    expect(plan.place).toEqual([]);
    expect(plan.startRollout).toMatchObject({ kind: "create", toVersion: 1, waves: [["node-a"], ["node-b"], ["node-c"], ["node-d"]] });
    expect(plan.followUpAt).toEqual(now);
  });

  it("a CREATE rollout places only the nodes of the waves reached", () => {
    const r = rollout({ type: "CREATE", toVersion: 1, waves: [["node-a"], ["node-b"], ["node-c"], ["node-d"]] });
    const plan = decide(state({ job: job(rolling), nodes, rollout: r }), now);
    expect(plan.place.map((p) => p.nodeId)).toEqual(["node-a"]);
    expect(plan.job).toMatchObject({ state: "DEPLOYING", message: "wave 1 of 4: 0 of 4 nodes updated" });
  });

  it("a canary create places the canary wave only", () => {
    const canary = { type: "service" as const, deployment: { strategy: "canary" as const, canaryCount: 1, maxParallel: 0, healthCheck: { deadline: "5m" } } };
    const start = decide(state({ job: job(canary), nodes, rollout: null }), now).startRollout!;
    expect(start.waves).toEqual([["node-a"], ["node-b", "node-c", "node-d"]]);
    const r = rollout({ type: "CREATE", strategy: "canary", waves: start.waves });
    expect(decide(state({ job: job(canary), nodes, rollout: r }), now).place.map((p) => p.nodeId)).toEqual(["node-a"]);
  });

  it("a metadata-only version retags the executions in place and stops none", () => {
    const v2 = spec({ ...rolling, description: "before" });
    const v3 = spec({ ...rolling, description: "after", labels: { team: "x" } });
    const running = nodes.map((n) => execution(n.id, { jobVersion: 2 }));
    const done = rollout({ id: "roll-2", state: "SUCCEEDED", toVersion: 2, waves: [nodes.map((n) => n.id)] });
    const plan = decide(state({ job: { ...job(rolling), spec: v3 as never, version: 3 }, nodes, executions: running, rollout: done, specs: { 2: v2, 3: v3 } }), now);
    expect(plan.startRollout).toBeNull();
    expect(plan.stop).toEqual([]);
    expect(plan.place).toEqual([]);
    expect(plan.retag).toEqual(running.map((e) => ({ executionId: e.id, jobVersion: 3 })));
    expect(plan.job?.state).toBe("RUNNING");
  });

  it("a change of what runs starts an UPDATE rollout, and a restart request a RESTART one", () => {
    const v1 = spec(rolling);
    const v2 = spec({ ...rolling, command: "y" });
    const running = nodes.map((n) => execution(n.id, { jobVersion: 1 }));
    const done = rollout({ id: "roll-1", state: "SUCCEEDED", toVersion: 1 });
    const update = decide(state({ job: { ...job(rolling), spec: v2 as never, version: 2 }, nodes, executions: running, rollout: done, specs: { 1: v1, 2: v2 } }), now);
    expect(update.startRollout).toMatchObject({ kind: "update", fromVersion: 1, toVersion: 2, rollbackToVersion: 1 });
    expect(update.stop).toEqual([]);
    const restart = decide(state({ job: job(rolling, { restartRequestedAt: ago(1) }), nodes, executions: running, rollout: done }), now);
    expect(restart.startRollout).toMatchObject({ kind: "restart", toVersion: 1 });
  });

  it("a new health probe is part of what runs: it starts an UPDATE rollout, and a rollback brings the old probe back", () => {
    const hc = (probe: string) => ({ ...rolling, deployment: { ...rolling.deployment, healthCheck: { deadline: "5m", probe: { command: probe } } } });
    const v1 = spec(hc("true"));
    const v2 = spec(hc("exit 1"));
    const done = rollout({ id: "roll-1", state: "SUCCEEDED", toVersion: 1 });
    const plan = decide(state({ job: { ...job(rolling), spec: v2 as never, version: 2 }, nodes, executions: nodes.map((n) => execution(n.id)), rollout: done, specs: { 1: v1, 2: v2 } }), now);
    expect(plan.startRollout).toMatchObject({ kind: "update" });
    expect(rollbackSpec(v1, { ...v2, description: "kept" }).deployment.healthCheck?.probe?.command).toBe("true");
    expect(rollbackSpec(v1, { ...v2, description: "kept" }).description).toBe("kept");
  });

  it("a version written by a rollback starts a ROLLBACK rollout", () => {
    const v2 = spec({ ...rolling, command: "bad" });
    const v3 = spec(rolling);
    const failed = rollout({ id: "roll-2", state: "FAILED", toVersion: 2, message: "halted: 2 failed nodes" });
    const st = state({ job: { ...job(rolling), spec: v3 as never, version: 3 }, nodes, executions: nodes.map((n) => execution(n.id, { jobVersion: 2 })), rollout: failed, specs: { 2: v2, 3: v3 } });
    st.versions.set(3, { spec: v3, sourceVersion: 1 });
    expect(decide(st, now).startRollout).toMatchObject({ kind: "rollback", fromVersion: 2, toVersion: 3, message: "rolling back to v1 (halted: 2 failed nodes)" });
  });

  it("a node whose wave has not come restarts what it ran, at its own version", () => {
    const v1 = spec(rolling);
    const v2 = spec({ ...rolling, command: "y" });
    const r = rollout({ type: "UPDATE", fromVersion: 1, toVersion: 2, waves: [["node-a"], ["node-b"]] });
    const crashed = execution("node-b", { jobVersion: 1, computeState: "FAILED", finishedAt: ago(120_000) });
    const plan = decide(state({ job: { ...job(rolling), spec: v2 as never, version: 2 }, nodes: [node("node-a"), node("node-b")], executions: [execution("node-a", { jobVersion: 2, createdAt: ago(1000) }), crashed], rollout: r, specs: { 1: v1, 2: v2 } }), now);
    expect(plan.place).toMatchObject([{ nodeId: "node-b", jobVersion: 1, attempt: 2, previousExecutionId: crashed.id }]);
  });

  it("links a replacement to a STOPPED predecessor on the node", () => {
    const stopped = execution("node-a", { computeState: "STOPPED", desiredState: "STOPPED", finishedAt: ago(5000) });
    const plan = decide(state({ job: job(rolling), nodes: [node("node-a")], executions: [stopped] }), now);
    expect(plan.place).toMatchObject([{ nodeId: "node-a", attempt: 1, previousExecutionId: stopped.id }]);
  });
});

describe("decide: stop and delete", () => {
  const nodes = [node("node-a"), node("node-b", {}, { state: "DOWN" })];

  it("a stopped job stops every live execution with a reason and cancels its runs", () => {
    const live = execution("node-a");
    const plan = decide(state({ job: job({ type: "batch" }, { state: "STOPPED" }), nodes, executions: [{ ...live, runId: "run-1" }], runs: [run("run-1", { state: "RUNNING" })] }), now);
    expect(plan.stop).toEqual([{ executionId: live.id, reason: "job stopped" }]);
    expect(plan.runs).toMatchObject([{ runId: "run-1", state: "CANCELLED" }]);
    expect(plan.purge).toBe(false);
  });

  it("a deleted job waits for its processes, marks those on a DOWN node LOST, and purges when none is left or at the deadline", () => {
    const j = job({ type: "service" }, { state: "DELETED", deleteRequestedAt: ago(1000) });
    const a = execution("node-a");
    const b = execution("node-b");
    const waiting = decide(state({ job: j, nodes, executions: [a, b] }), now);
    expect(waiting.stop).toEqual([{ executionId: a.id, reason: "job deleted" }]);
    expect(waiting.lost.map((l) => l.executionId)).toEqual([b.id]);
    expect(waiting.purge).toBe(false);
    expect(waiting.followUpAt).toEqual(new Date(j.deleteRequestedAt!.getTime() + DELETE_GRACE_MS));
    const stopping = { ...a, desiredState: "STOPPED", computeState: "STOPPING" } as Execution;
    expect(decide(state({ job: j, nodes, executions: [stopping] }), now).purge).toBe(false);
    const ended = { ...a, desiredState: "STOPPED", computeState: "STOPPED" } as Execution;
    expect(decide(state({ job: j, nodes, executions: [ended] }), now).purge).toBe(true);
    const late = job({ type: "service" }, { state: "DELETED", deleteRequestedAt: ago(DELETE_GRACE_MS + 1) });
    expect(decide(state({ job: late, nodes, executions: [stopping] }), now).purge).toBe(true);
  });
});
