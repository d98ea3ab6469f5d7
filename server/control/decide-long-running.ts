import type { Execution, Rollout } from "../db/client.ts";
import type { JobSpec } from "../spec/types.ts";
import { isActiveCompute, isLive } from "../../common/states.ts";
import { runKey } from "../spec/diff.ts";
import type { ClusterState } from "./cluster-state.ts";
import { computeTargets, explain, hasRequests, ledgerOf, misfit, requestsOf, requestsOfVersion, reservationOf, reserve, swap, withFitSteps, type Misfit } from "./placement.ts";
import { restartDecision, trailingFailures } from "./restart-policy.ts";
import { earliest, emptyPlan, plural, ROLLOUT_PROGRESS_FIELDS, type Plan } from "./plan.ts";
import { activeRollout, governs, mayReplace, stepRollout } from "../rollouts/progress.ts";
import { rolloutToStart } from "../rollouts/start.ts";

/**
 * SERVICE and PIPELINE (pure): one live execution on every target, each new
 * version of what runs deployed by a rollout, wave by wave.
 *
 * Order of one pass:
 * 1. Executions of an older version whose change did not touch what runs are
 *    retagged to the current version in place (a metadata edit restarts nothing).
 * 2. If what runs differs from what the last rollout deployed, a rollout
 *    starts (waves planned over today's targets) and the pass ends there: the
 *    next pass places wave 1.
 * 3. Otherwise each target gets what its wave allows: a node whose wave has
 *    not come keeps (or restarts) what it ran; others get the current version.
 */
export function decideLongRunning(state: ClusterState, spec: JobSpec, now: Date): Plan {
  const plan = emptyPlan();
  const { job, nodes } = state;
  const { targets, steps } = computeTargets(spec, nodes);
  const targetIds = new Set(targets.map((n) => n.id));
  const ledger = ledgerOf(nodes);
  const nodeById = new Map(nodes.map((n) => [n.id, n]));

  // What each version runs, computed once per pass; an unknown version runs nothing another does.
  const keys = new Map([...state.versions].map(([v, { spec: s }]) => [v, runKey(s)]));
  keys.set(job.version, runKey(spec));
  const keyOf = (v: number) => keys.get(v) ?? `unknown v${v}`;
  const sameRun = (a: number, b: number) => a === b || keyOf(a) === keyOf(b);
  const runsCurrent = (v: number) => sameRun(v, job.version);

  // 1. Carry live executions over to a version that runs the same.
  const executions = state.executions.map((e) => {
    if (!isLive(e) || e.jobVersion === job.version || !runsCurrent(e.jobVersion)) return e;
    plan.retag.push({ executionId: e.id, jobVersion: job.version });
    return { ...e, jobVersion: job.version };
  });
  let rolloutRow: Rollout | null = state.rollout;
  const retargeted =
    rolloutRow !== null &&
    rolloutRow.toVersion !== job.version &&
    governs(rolloutRow) &&
    runsCurrent(rolloutRow.toVersion);
  if (retargeted) rolloutRow = { ...rolloutRow!, toVersion: job.version };
  const live = executions.filter(isLive);

  // 2. A new version of what runs starts a rollout.
  const start = rolloutToStart({ ...state, rollout: rolloutRow }, spec, targets, live);
  if (start) {
    plan.startRollout = start;
    plan.followUpAt = now;
    plan.job = { state: "DEPLOYING", message: start.message, details: { code: "ROLLOUT_STARTING", kind: start.kind } };
    return plan;
  }

  const rollout = activeRollout(rolloutRow, job);
  const liveByNode = new Map<string, Execution>();
  const handover = new Map<string, Execution>();
  for (const e of live) {
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

  // 3. Every target.
  let running = 0;
  let restarting = 0;
  let waitingForWave = 0;
  const gaveUp: Execution[] = [];
  const lastFailure: Execution[] = [];
  const full: string[] = [];
  // Why each node in `full` could not take its execution: no slot, or not enough cpu or memory.
  const misfits = new Map<string, Misfit>();
  for (const node of targets) {
    const current = liveByNode.get(node.id);
    // A restart rollout replaces executions of the same version that predate it.
    const restartDue = rollout?.type === "RESTART" && current !== undefined && current.createdAt < rollout.startedAt;
    const gated = !mayReplace(rollout, node.id);
    if (current && ((current.jobVersion === job.version && !restartDue) || gated)) {
      // Up to date, or its wave has not come yet and the old version keeps running.
      if (current.computeState === "RUNNING") running++;
      continue;
    }
    if (current) {
      const why = current.jobVersion === job.version ? "restart" : `update to v${job.version}`;
      // The replacement takes the old execution's slot; its requests must fit once the old one's
      // reservation is released (a rollback keeps the old one running, so both must fit).
      const req = requestsOf(spec);
      const old = reservationOf(current);
      if (hasRequests(req) || hasRequests(old)) {
        const miss = swap(ledger, node, old, req, rollout?.type !== "ROLLBACK");
        if (miss) {
          if (current.computeState === "RUNNING") running++;
          full.push(node.id);
          misfits.set(node.id, miss);
          continue;
        }
      }
      plan.place.push({
        nodeId: node.id,
        jobVersion: job.version,
        runId: null,
        attempt: 1,
        previousExecutionId: current.id,
        reason: why,
        ...(hasRequests(req) ? { reserves: req } : {}),
      });
      // A rollback keeps a healthy old execution until its replacement runs; otherwise
      // the old one stops as soon as its replacement is placed.
      if (rollout?.type !== "ROLLBACK") plan.stop.push({ executionId: current.id, reason: `replaced (${why})` });
      continue;
    }
    const history = executions.filter((e) => e.nodeId === node.id && !isActiveCompute(e.computeState));
    const last = history[history.length - 1];
    // A node whose wave has not come only restarts what ran there, at its own version.
    let version = job.version;
    if (gated) {
      if (!last || runsCurrent(last.jobVersion)) {
        waitingForWave++;
        continue;
      }
      version = last.jobVersion;
    }
    let attempt = 1;
    if (last && sameRun(last.jobVersion, version) && last.computeState !== "LOST" && last.computeState !== "STOPPED") {
      const d = restartDecision(spec, last, trailingFailures(history));
      if (last.computeState === "FAILED") lastFailure.push(last);
      if (!d.retry) {
        gaveUp.push(last);
        continue;
      }
      if (d.at > now) {
        plan.followUpAt = earliest(plan.followUpAt, d.at);
        restarting++;
        continue;
      }
      attempt = last.attempt + 1;
    }
    const req = requestsOfVersion(state, version, spec);
    const miss = misfit(node, ledger, req);
    if (miss) {
      full.push(node.id);
      misfits.set(node.id, miss);
      continue;
    }
    reserve(ledger, node, req);
    plan.place.push({
      ...(hasRequests(req) ? { reserves: req } : {}),
      nodeId: node.id,
      jobVersion: version,
      runId: null,
      attempt,
      // The chain goes on across stops and losses too, so history reads as one line per node.
      previousExecutionId: last?.id ?? null,
      reason: attempt > 1 ? `restart (attempt ${attempt})` : last ? "replaced" : "placed",
    });
  }

  if (targets.length === 0 || full.length > 0) {
    plan.explanation = full.length ? withFitSteps(targets, steps, (n) => misfits.get(n.id) ?? null, requestsOf(spec)) : explain(steps);
  }
  const short = [...misfits.values()].some((m) => m !== "capacity");
  const tally = { targets: targets.length, running, restarting, waitingForWave, gaveUp, lastFailure, full, short };
  plan.job = jobState(state, plan, tally);

  if (rollout?.state === "FAILED") {
    plan.job = { state: "ROLLOUT_FAILED", message: rollout.message, details: { code: "ROLLOUT_FAILED", rolloutId: rollout.id } };
    if (retargeted) plan.rollout = { ...frozen(rollout), toVersion: job.version };
  } else if (rollout) {
    const progress = stepRollout(rollout, spec, executions, now);
    plan.rollout = progress.rollout;
    plan.stable = progress.stable;
    plan.rollbackTo = progress.rollbackTo;
    plan.rollbackReason = progress.rollbackTo ? progress.rollout.message : null;
    plan.followUpAt = earliest(plan.followUpAt, progress.followUpAt);
    if (progress.job && targets.length > 0) plan.job = progress.job;
    else if (progress.rollout.state === "SUCCEEDED" && plan.job?.state === "RUNNING") {
      // Say so when what runs now came back by a rollback.
      plan.job = jobState({ ...state, rollout: { ...rollout, state: "SUCCEEDED" } }, plan, tally);
    }
  }
  return plan;
}

/** A rollout's progress exactly as it stands (for a pass that only moves its target version). */
function frozen(r: Rollout): NonNullable<Plan["rollout"]> {
  const fields = Object.fromEntries(ROLLOUT_PROGRESS_FIELDS.map((f) => [f, r[f]])) as Pick<NonNullable<Plan["rollout"]>, (typeof ROLLOUT_PROGRESS_FIELDS)[number]>;
  return { id: r.id, ...fields, completed: false, waveStarted: false };
}

interface Tally {
  targets: number;
  running: number;
  restarting: number;
  waitingForWave: number;
  gaveUp: Execution[];
  lastFailure: Execution[];
  full: string[];
  /** Some of `full` lacked cpu or memory rather than a slot. */
  short: boolean;
}

/** The job's state after the pass, with the reason for anything short of running everywhere. */
function jobState(state: ClusterState, plan: Plan, t: Tally): Plan["job"] {
  const { job } = state;
  const failure = t.gaveUp[0] ?? t.lastFailure[0];
  const why = failure ? `; ${failure.nodeId}: ${failure.computeMessage || `exit code ${failure.exitCode ?? "unknown"}`}` : "";
  const failureDetails = failure
    ? { executionId: failure.id, nodeId: failure.nodeId, exitCode: String(failure.exitCode ?? ""), ...stringDetails(failure.computeDetails) }
    : {};
  if (t.targets === 0) {
    return { state: "PENDING", message: `not placed: ${plan.explanation!.sentence}`, details: { code: "NO_TARGET_NODES" } };
  }
  if (t.gaveUp.length > 0 || t.full.length > 0) {
    const parts = [`running on ${t.running} of ${plural(t.targets, "node")}`];
    if (t.gaveUp.length) parts.push(`${t.gaveUp.length} gave up per the restart policy${why}`);
    if (t.full.length) parts.push(plan.explanation!.sentence);
    return {
      state: "DEGRADED",
      message: parts.join("; "),
      details: { code: t.gaveUp.length ? "RESTARTS_EXHAUSTED" : t.short ? "INSUFFICIENT_RESOURCES" : "NODES_FULL", ...failureDetails },
    };
  }
  if (t.running === t.targets) {
    const rolledBack = state.rollout?.type === "ROLLBACK" && state.rollout.state === "SUCCEEDED" && state.rollout.toVersion === job.version;
    const source = state.versions.get(job.version)?.sourceVersion;
    return rolledBack && source
      ? {
          state: "RUNNING",
          message: `running on ${plural(t.running, "node")} (rolled back from v${state.rollout!.fromVersion} to what v${source} ran)`,
          details: { code: "ROLLED_BACK", fromVersion: String(state.rollout!.fromVersion), sourceVersion: String(source), rolloutId: state.rollout!.id },
        }
      : { state: "RUNNING", message: `running on ${plural(t.running, "node")}` };
  }
  // After its rollout completed, a job short of running executions is DEGRADED, not deploying.
  const deployed = state.rollout?.state === "SUCCEEDED" && state.rollout.toVersion === job.version;
  const extra = [t.restarting ? `${t.restarting} restarting${why}` : "", t.waitingForWave ? `${t.waitingForWave} waiting for their wave` : ""]
    .filter(Boolean)
    .join(", ");
  return {
    state: deployed ? "DEGRADED" : "DEPLOYING",
    message: `${t.running} of ${t.targets} nodes running${extra ? `, ${extra}` : ""}`,
    details: failure ? { code: "EXECUTION_FAILED", ...failureDetails } : {},
  };
}

function stringDetails(d: unknown): Record<string, string> {
  if (!d || typeof d !== "object") return {};
  return Object.fromEntries(Object.entries(d as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
