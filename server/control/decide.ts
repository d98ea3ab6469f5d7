import type { Execution, Job, Run } from "../db/client.ts";
import type { JobSpec } from "../spec/types.ts";
import { isBroadcast, isLongRunning } from "../spec/types.ts";
import { filterNodesWithExplanation, filterStep, renderExplanation, type PlacementStep } from "../spec/selector.ts";
import { parseDuration } from "../spec/duration.ts";
import type { ApplicablePlan } from "./apply-plan.ts";
import type { ClusterState } from "./cluster-state.ts";
import { activeRollout, mayReplace, stepRollout } from "../rollouts/progress.ts";

/*
 * Vocabulary (used the same way everywhere in the scheduler):
 * - target: a READY node the selector matches.
 * - active execution: compute state PENDING, STARTING, RUNNING, DEGRADED or STOPPING.
 * - live execution: active and still desired RUNNING.
 * - feasible: a target with free capacity (used < capacity).
 * Everything here is pure: state and `now` in, a plan out.
 */

type Node = ClusterState["nodes"][number];

const ACTIVE = new Set(["PENDING", "STARTING", "RUNNING", "DEGRADED", "STOPPING"]);
/** A broadcast node must acknowledge within queueTimeout, or this when it is 0 (DECISIONS.md). */
const DEFAULT_ACK_TIMEOUT_S = 60;

const isLive = (e: Execution) => ACTIVE.has(e.computeState) && e.desiredState !== "STOPPED";

export function emptyPlan(): ApplicablePlan {
  return { place: [], stop: [], lost: [], runs: [], job: null, explanation: null, followUpAt: null };
}

/** Targets of the job and the explanation of how they were found. */
export function computeTargets(spec: JobSpec, nodes: Node[]): { targets: Node[]; steps: PlacementStep[] } {
  // Selector first, then state: "2 of 4 nodes match region=eu; 1 of those is not READY"
  // reads right, and the state step is only worth a word when it excluded a node.
  const matched = filterNodesWithExplanation(spec.selector, nodes.map((n) => ({ ...n, labels: n.labels as Record<string, string> })));
  const ready = filterStep(matched.nodes as Node[], "state", "READY", (n) => n.state === "READY");
  const steps = ready.step.filteredOut > 0 ? [...matched.explanation, ready.step] : matched.explanation;
  return { targets: ready.nodes, steps };
}

/** Feasible targets, least loaded first (used/capacity, then used, then id, for determinism). */
export function rankFeasible(targets: Node[], used: Map<string, number>): Node[] {
  return targets
    .filter((n) => (used.get(n.id) ?? n.used) < n.capacity)
    .sort((a, b) => {
      const ua = used.get(a.id) ?? a.used;
      const ub = used.get(b.id) ?? b.used;
      return ua / a.capacity - ub / b.capacity || ua - ub || a.id.localeCompare(b.id);
    });
}

/**
 * Restart decision after an execution ended: whether the policy retries it,
 * and when. `failures` counts consecutive failed attempts, including this one.
 * Backoff doubles from `backoff` up to `maxBackoff`:
 *   backoff 1s, maxBackoff 1m: 1s, 2s, 4s, ... 32s, 60s, 60s.
 */
export function restartDecision(
  spec: JobSpec,
  last: Execution,
  failures: number,
): { retry: false; reason: string } | { retry: true; at: Date } {
  const p = spec.restartPolicy;
  const failed = last.computeState === "FAILED";
  if (p.policy === "never") return { retry: false, reason: "restart policy never" };
  if (p.policy === "on-failure" && !failed) return { retry: false, reason: "completed" };
  if (failed && p.retryExitCodes.length > 0 && (last.exitCode === null || !p.retryExitCodes.includes(last.exitCode))) {
    return { retry: false, reason: `exit code ${last.exitCode ?? "none"} is not in retryExitCodes` };
  }
  // `always` restarts long-running work forever (with backoff); retries are bounded otherwise.
  if (p.policy !== "always" && failures > p.maxRetries) return { retry: false, reason: `gave up after ${p.maxRetries} retries` };
  const base = parseDuration(p.backoff);
  const cap = parseDuration(p.maxBackoff);
  const wait = failed ? Math.min(cap, base * 2 ** Math.max(0, failures - 1)) : base;
  return { retry: true, at: new Date((last.finishedAt ?? last.updatedAt).getTime() + wait) };
}

/** Consecutive failed executions at the end of a history, oldest first. */
function trailingFailures(history: Execution[]): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0 && history[i].computeState === "FAILED"; i--) n++;
  return n;
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

export function decide(state: ClusterState, now: Date): ApplicablePlan {
  const { job } = state;
  const spec = job.spec as unknown as JobSpec;
  if (job.state === "STOPPED") return decideStopped(state);
  if (isLongRunning(spec.type)) return decideLongRunning(state, spec, now);
  if (isBroadcast(spec.type)) return decideBroadcast(state, spec, now);
  return decideBatch(state, spec, now);
}

function decideStopped(state: ClusterState): ApplicablePlan {
  const plan = emptyPlan();
  for (const e of state.executions) if (isLive(e)) plan.stop.push({ executionId: e.id, reason: "job stopped" });
  return plan;
}

// ---- long-running: one live execution on every target ----

function decideLongRunning(state: ClusterState, spec: JobSpec, now: Date): ApplicablePlan {
  const plan = emptyPlan();
  const { job, nodes } = state;
  const { targets, steps } = computeTargets(spec, nodes);
  const targetIds = new Set(targets.map((n) => n.id));
  const used = new Map(nodes.map((n) => [n.id, n.used]));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));

  const rollout = activeRollout(state.rollout, job);
  const liveByNode = new Map<string, Execution>();
  const handover = new Map<string, Execution>();
  for (const e of state.executions.filter(isLive)) {
    if (!targetIds.has(e.nodeId)) {
      const node = nodeById.get(e.nodeId);
      plan.stop.push({
        executionId: e.id,
        reason: node?.state === "DRAINING" ? "node draining" : node?.state === "DOWN" ? "node down" : "node no longer matches the selector",
      });
    } else if (liveByNode.has(e.nodeId)) {
      const other = liveByNode.get(e.nodeId)!;
      // A rollback keeps the old execution until its replacement runs (see below).
      const pair = rollout?.type === "ROLLBACK" && (e.jobVersion === job.version) !== (other.jobVersion === job.version);
      if (!pair) plan.stop.push({ executionId: e.id, reason: "duplicate execution on the node" });
      else if (e.jobVersion === job.version) {
        handover.set(e.nodeId, other);
        liveByNode.set(e.nodeId, e);
      } else handover.set(e.nodeId, e);
    } else {
      liveByNode.set(e.nodeId, e);
    }
  }
  // Old executions waiting for their rollback replacement: stopped once it runs.
  for (const [nodeId, old] of handover) {
    if (liveByNode.get(nodeId)?.computeState === "RUNNING") plan.stop.push({ executionId: old.id, reason: "replaced (rollback)" });
  }

  let running = 0;
  let waiting = 0;
  let gaveUp = 0;
  const full: string[] = [];
  for (const node of targets) {
    const live = liveByNode.get(node.id);
    // A restart rollout replaces executions of the same version that predate it.
    const current = live && live.jobVersion === job.version && !(rollout?.type === "RESTART" && live.createdAt < rollout.startedAt);
    if (live && current) {
      if (live.computeState === "RUNNING") running++;
      continue;
    }
    if (live && !mayReplace(rollout, node.id)) {
      // Its wave has not come yet: the old version keeps running.
      if (live.computeState === "RUNNING") running++;
      continue;
    }
    if (live) {
      // A new version: replace in place; the old one is stopped in the same plan, after its replacement is placed.
      const why = live.jobVersion === job.version ? "restart" : `update to v${job.version}`;
      plan.place.push({ nodeId: node.id, jobVersion: job.version, runId: null, attempt: 1, previousExecutionId: live.id, reason: why });
      // A rollback keeps a healthy old execution until its replacement runs; otherwise
      // the old one stops as soon as its replacement is placed.
      if (rollout?.type !== "ROLLBACK") plan.stop.push({ executionId: live.id, reason: `replaced (${why})` });
      continue;
    }
    const history = state.executions.filter((e) => e.nodeId === node.id && !ACTIVE.has(e.computeState));
    const last = history[history.length - 1];
    let attempt = 1;
    let previous: string | null = null;
    if (last && last.jobVersion === job.version && last.computeState !== "LOST" && last.computeState !== "STOPPED") {
      const failures = trailingFailures(history);
      const d = restartDecision(spec, last, failures);
      if (!d.retry) {
        gaveUp++;
        continue;
      }
      if (d.at > now) {
        plan.followUpAt = earliest(plan.followUpAt, d.at);
        waiting++;
        continue;
      }
      attempt = last.attempt + 1;
      previous = last.id;
    }
    if ((used.get(node.id) ?? 0) >= node.capacity) {
      full.push(node.id);
      continue;
    }
    used.set(node.id, (used.get(node.id) ?? 0) + 1);
    plan.place.push({ nodeId: node.id, jobVersion: job.version, runId: null, attempt, previousExecutionId: previous, reason: attempt > 1 ? `restart (attempt ${attempt})` : "placed" });
  }

  const capacityStep = filterStep(targets, "capacity", "free capacity", (n) => !full.includes(n.id)).step;
  if (targets.length === 0 || full.length > 0) {
    const all = full.length ? [...steps, capacityStep] : steps;
    plan.explanation = { steps: all, sentence: renderExplanation(all) };
  }
  if (targets.length === 0) plan.job = { state: "PENDING", message: `not placed: ${plan.explanation!.sentence}` };
  else if (gaveUp > 0 || full.length > 0) plan.job = { state: "DEGRADED", message: `running on ${running} of ${targets.length} nodes${full.length ? `; ${plan.explanation!.sentence}` : ""}` };
  else if (running === targets.length) plan.job = { state: "RUNNING", message: `running on ${running} node${running === 1 ? "" : "s"}` };
  else {
    // After its rollout completed, a job short of running executions is DEGRADED, not deploying.
    const deployed = state.rollout?.state === "SUCCEEDED" && state.rollout.toVersion === job.version;
    plan.job = { state: deployed ? "DEGRADED" : "DEPLOYING", message: `${running} of ${targets.length} nodes running${waiting ? `, ${waiting} restarting` : ""}` };
  }
  if (rollout?.state === "FAILED") {
    plan.job = { state: "ROLLOUT_FAILED", message: rollout.message };
  } else if (rollout) {
    const progress = stepRollout(rollout, spec, state.executions, now);
    plan.rollout = progress.rollout;
    plan.stable = progress.stable;
    plan.rollbackTo = progress.rollbackTo;
    plan.followUpAt = earliest(plan.followUpAt, progress.followUpAt);
    if (progress.job && targets.length > 0) plan.job = progress.job;
  }
  return plan;
}

// ---- batch: each run on one least-loaded feasible node ----

function decideBatch(state: ClusterState, spec: JobSpec, now: Date): ApplicablePlan {
  const plan = emptyPlan();
  const { job, nodes } = state;
  const { targets, steps } = computeTargets(spec, nodes);
  const used = new Map(nodes.map((n) => [n.id, n.used]));

  for (const run of state.runs) {
    const execs = state.executions.filter((e) => e.runId === run.id);
    const live = execs.find(isLive);
    if (timedOut(run, spec, now, plan, execs)) continue;
    if (live) {
      if (live.computeState === "RUNNING" && run.state !== "RUNNING") plan.runs.push({ runId: run.id, state: "RUNNING", message: `running on ${live.nodeId}` });
      continue;
    }
    const finished = execs.filter((e) => !ACTIVE.has(e.computeState));
    const last = finished[finished.length - 1];
    let attempt = 1;
    let previous: string | null = null;
    if (last) {
      if (last.computeState === "COMPLETE") {
        plan.runs.push({ runId: run.id, state: "SUCCEEDED", message: "succeeded", exitCode: last.exitCode });
        continue;
      }
      if (last.computeState !== "LOST") {
        const d = restartDecision(spec, last, trailingFailures(finished));
        if (!d.retry) {
          plan.runs.push({ runId: run.id, state: "FAILED", message: d.reason, error: last.computeMessage || `exit code ${last.exitCode}`, exitCode: last.exitCode });
          continue;
        }
        if (d.at > now) {
          plan.followUpAt = earliest(plan.followUpAt, d.at);
          continue;
        }
      }
      attempt = last.attempt + 1;
      previous = last.id;
    }
    const [best] = rankFeasible(targets, used);
    if (!best) {
      const all = [...steps, filterStep(targets, "capacity", "free capacity", (n) => (used.get(n.id) ?? 0) < n.capacity).step];
      plan.explanation = { steps: all, sentence: renderExplanation(all) };
      if (run.state !== "QUEUED") plan.runs.push({ runId: run.id, state: "QUEUED", message: `waiting for capacity: ${plan.explanation.sentence}` });
      if (spec.timeouts.queueTimeout > 0) plan.followUpAt = earliest(plan.followUpAt, new Date(run.createdAt.getTime() + spec.timeouts.queueTimeout * 1000));
      continue;
    }
    used.set(best.id, (used.get(best.id) ?? 0) + 1);
    plan.place.push({ nodeId: best.id, jobVersion: run.jobVersion, runId: run.id, attempt, previousExecutionId: previous, reason: attempt > 1 ? `retry (attempt ${attempt})` : "placed" });
  }
  plan.job = runJobState(job, state.runs, plan);
  return plan;
}

/** queueTimeout (waiting to be placed) and totalTimeout (the whole run, retries included). */
function timedOut(run: Run, spec: JobSpec, now: Date, plan: ApplicablePlan, execs: Execution[]): boolean {
  const age = now.getTime() - run.createdAt.getTime();
  const t = spec.timeouts;
  let message: string | null = null;
  if (t.totalTimeout > 0 && age >= t.totalTimeout * 1000) message = `total timeout (${t.totalTimeout}s) exceeded`;
  else if (t.queueTimeout > 0 && execs.length === 0 && age >= t.queueTimeout * 1000) message = `queue timeout (${t.queueTimeout}s) exceeded`;
  if (!message) {
    if (t.totalTimeout > 0) plan.followUpAt = earliest(plan.followUpAt, new Date(run.createdAt.getTime() + t.totalTimeout * 1000));
    return false;
  }
  for (const e of execs.filter(isLive)) plan.stop.push({ executionId: e.id, reason: message });
  plan.runs.push({ runId: run.id, state: "FAILED", message, error: message });
  return true;
}

function runJobState(job: Job, runs: Run[], plan: ApplicablePlan): ApplicablePlan["job"] {
  const next = new Map(runs.map((r) => [r.id, r.state as string]));
  for (const u of plan.runs) next.set(u.runId, u.state);
  const states = [...next.values()];
  if (states.includes("RUNNING") || plan.place.length > 0) return { state: "RUNNING", message: "running" };
  if (states.includes("QUEUED")) return { state: "QUEUED", message: plan.explanation ? `queued: ${plan.explanation.sentence}` : "queued" };
  const finished = plan.runs.filter((r) => r.state !== "QUEUED" && r.state !== "RUNNING");
  const latest = finished[finished.length - 1];
  if (!latest) return runs.length === 0 && job.state === "PENDING" ? { state: "PENDING", message: "waiting for a run" } : null;
  if (latest.state === "SUCCEEDED") return { state: "COMPLETED", message: latest.message };
  return { state: "FAILED", message: latest.message };
}

// ---- broadcast: each run once on every target ----

function decideBroadcast(state: ClusterState, spec: JobSpec, now: Date): ApplicablePlan {
  const plan = emptyPlan();
  const { job, nodes } = state;
  const { targets, steps } = computeTargets(spec, nodes);
  const ackTimeoutMs = (spec.timeouts.queueTimeout || DEFAULT_ACK_TIMEOUT_S) * 1000;

  for (const run of state.runs) {
    const execs = state.executions.filter((e) => e.runId === run.id);
    if (execs.length === 0) {
      // A retry of some nodes only: those of them that are still targets.
      const only = Array.isArray(run.nodeIds) ? new Set(run.nodeIds as string[]) : null;
      const runTargets = only ? targets.filter((n) => only.has(n.id)) : targets;
      if (runTargets.length === 0) {
        plan.explanation = { steps, sentence: renderExplanation(steps) };
        plan.runs.push({ runId: run.id, state: "FAILED", message: `no node to run on: ${plan.explanation.sentence}`, error: plan.explanation.sentence });
        continue;
      }
      for (const n of runTargets) plan.place.push({ nodeId: n.id, jobVersion: run.jobVersion, runId: run.id, attempt: 1, previousExecutionId: null, reason: "broadcast" });
      plan.runs.push({ runId: run.id, state: "RUNNING", message: `sent to ${runTargets.length} node${runTargets.length === 1 ? "" : "s"}` });
      plan.followUpAt = earliest(plan.followUpAt, new Date(now.getTime() + ackTimeoutMs));
      continue;
    }
    // A node that never acknowledged counts as failed: "timeout: agent did not respond".
    for (const e of execs) {
      if (e.computeState === "PENDING" && e.desiredState !== "STOPPED") {
        const deadline = e.createdAt.getTime() + ackTimeoutMs;
        if (deadline <= now.getTime()) plan.lost.push({ executionId: e.id, reason: "timeout: agent did not respond" });
        else plan.followUpAt = earliest(plan.followUpAt, new Date(deadline));
      }
    }
    const lostIds = new Set(plan.lost.map((l) => l.executionId));
    const pending = execs.filter((e) => ACTIVE.has(e.computeState) && !lostIds.has(e.id));
    if (pending.length > 0) continue;
    const skipped = execs.filter((e) => e.computeState === "FAILED" && (e.computeDetails as Record<string, string>)?.skipped === "true");
    const ok = execs.filter((e) => e.computeState === "COMPLETE").length;
    const counted = execs.length - skipped.length;
    const failed = counted - ok;
    const message = counted === 0 ? `skipped on all ${execs.length} nodes` : `${ok}/${counted} succeeded`;
    const runState = failed === 0 ? "SUCCEEDED" : ok === 0 ? "FAILED" : "PARTIAL_FAILURE";
    plan.runs.push({ runId: run.id, state: runState, message, error: failed ? `${failed} node${failed === 1 ? "" : "s"} failed` : null });
  }
  const finished = plan.runs.filter((r) => r.state !== "RUNNING");
  const latest = finished[finished.length - 1];
  if (plan.place.length || state.runs.some((r) => r.state === "RUNNING" && !finished.some((f) => f.runId === r.id))) {
    plan.job = { state: "RUNNING", message: "running" };
  } else if (latest) {
    plan.job = latest.state === "SUCCEEDED" ? { state: "COMPLETED", message: latest.message } : { state: "FAILED", message: latest.message };
  } else if (state.runs.length === 0 && job.state === "PENDING") {
    plan.job = null;
  }
  return plan;
}
