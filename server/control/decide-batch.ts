import type { Execution, Job, Run } from "../db/client.ts";
import type { JobSpec } from "../spec/types.ts";
import { isActiveCompute, isLive } from "../../common/states.ts";
import type { ClusterState } from "./cluster-state.ts";
import { candidatesOf, computeTargets, hasRequests, ledgerOf, misfit, neverFits, rankFeasible, requestsOfVersion, reserve, withFitSteps } from "./placement.ts";
import { failedForTheNode, restartDecision, trailingFailures } from "./restart-policy.ts";
import { earliest, emptyPlan, type Plan } from "./plan.ts";

/** BATCH (pure): each run on one least-loaded feasible node, retried per the restart policy. */
export function decideBatch(state: ClusterState, spec: JobSpec, now: Date): Plan {
  const plan = emptyPlan();
  const { job, nodes } = state;
  const { targets, steps } = computeTargets(spec, nodes);
  const ledger = ledgerOf(nodes);
  stopEndedRuns(state, plan);

  for (const run of state.runs) {
    const execs = state.executions.filter((e) => e.runId === run.id);
    const live = execs.find(isLive);
    if (timedOut(run, spec, now, plan, execs)) continue;
    if (live) {
      // The message follows the work: after a retry elsewhere it names the node it runs on now.
      const message = `running on ${live.nodeId}`;
      if (live.computeState === "RUNNING" && (run.state !== "RUNNING" || run.message !== message)) {
        plan.runs.push({ runId: run.id, state: "RUNNING", message });
      }
      continue;
    }
    const finished = execs.filter((e) => !isActiveCompute(e.computeState));
    const last = finished[finished.length - 1];
    // Nodes that failed this run for a reason of their own (no container runtime) are not tried again.
    const unfit = new Set(finished.filter(failedForTheNode).map((e) => e.nodeId));
    const runTargets = unfit.size ? targets.filter((n) => !unfit.has(n.id)) : targets;
    let attempt = 1;
    let previous: string | null = null;
    if (last && failedForTheNode(last)) {
      if (runTargets.length === 0) {
        const why = `no node can run it: ${last.computeMessage || (last.computeDetails as Record<string, string>).code}`;
        plan.runs.push({ runId: run.id, state: "FAILED", message: why, error: why, exitCode: last.exitCode });
        continue;
      }
      attempt = last.attempt + 1;
      previous = last.id;
    } else if (last) {
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
    const req = requestsOfVersion(state, run.jobVersion, spec);
    const [best] = rankFeasible(runTargets, ledger, req);
    if (!best) {
      // Bigger than any node it may run on: waiting until queueTimeout cannot help, so say so now.
      const never = neverFits(candidatesOf(spec, nodes, unfit), req);
      if (never) {
        const why = `no node can run it: ${never.sentence}`;
        plan.runs.push({ runId: run.id, state: "FAILED", message: why, error: why, code: "INSUFFICIENT_RESOURCES", resource: never.resource });
        continue;
      }
      plan.explanation = withFitSteps(runTargets, steps, (n) => misfit(n, ledger, req), req);
      const message = `waiting for capacity: ${plan.explanation.sentence}`;
      if (run.state !== "QUEUED" || run.message !== message) plan.runs.push({ runId: run.id, state: "QUEUED", message });
      if (spec.timeouts.queueTimeout > 0) plan.followUpAt = earliest(plan.followUpAt, new Date(run.createdAt.getTime() + spec.timeouts.queueTimeout * 1000));
      continue;
    }
    reserve(ledger, best, req);
    const reason =
      attempt === 1
        ? "placed"
        : last?.computeState === "LOST"
          ? `moved from lost node ${last.nodeId} (attempt ${attempt})`
          : last && failedForTheNode(last)
            ? `moved from ${last.nodeId}, which cannot run it (attempt ${attempt})`
            : `retry (attempt ${attempt})`;
    plan.place.push({ nodeId: best.id, jobVersion: run.jobVersion, runId: run.id, attempt, previousExecutionId: previous, reason, ...(hasRequests(req) ? { reserves: req } : {}) });
  }
  plan.job = runJobState(job, state.runs, plan);
  return plan;
}

/**
 * Live executions of a run that has ended (cancelled, or finished while a
 * process lingered) are stopped: a run that is over holds nothing.
 */
export function stopEndedRuns(state: ClusterState, plan: Plan): void {
  const active = new Set(state.runs.map((r) => r.id));
  for (const e of state.executions) {
    if (e.runId && !active.has(e.runId) && isLive(e)) plan.stop.push({ executionId: e.id, reason: "run ended" });
  }
}

/** queueTimeout (waiting to be placed) and totalTimeout (the whole run, retries included). */
export function timedOut(run: Run, spec: JobSpec, now: Date, plan: Plan, execs: Execution[]): boolean {
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

function runJobState(job: Job, runs: Run[], plan: Plan): Plan["job"] {
  const next = new Map(runs.map((r) => [r.id, r.state as string]));
  for (const u of plan.runs) next.set(u.runId, u.state);
  const states = [...next.values()];
  if (states.includes("RUNNING") || plan.place.length > 0) return { state: "RUNNING", message: "running" };
  if (states.includes("QUEUED")) {
    return { state: "QUEUED", message: plan.explanation ? `queued: ${plan.explanation.sentence}` : "queued", details: { code: "WAITING_FOR_CAPACITY" } };
  }
  const finished = plan.runs.filter((r) => r.state !== "QUEUED" && r.state !== "RUNNING");
  const latest = finished[finished.length - 1];
  if (!latest) return runs.length === 0 && job.state === "PENDING" ? { state: "PENDING", message: "waiting for a run" } : null;
  if (latest.state === "SUCCEEDED") return { state: "COMPLETED", message: latest.message };
  if (latest.code) return { state: "FAILED", message: latest.message, details: { code: latest.code, runId: latest.runId, ...(latest.resource ? { resource: latest.resource } : {}) } };
  return { state: "FAILED", message: latest.error ? `${latest.message}: ${latest.error}` : latest.message, details: { code: "RUN_FAILED", runId: latest.runId } };
}
