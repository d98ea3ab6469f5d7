import type { JobSpec } from "../spec/types.ts";
import { isActiveCompute } from "../../common/states.ts";
import type { ClusterState } from "./cluster-state.ts";
import { computeTargets, explain, hasRequests, ledgerOf, misfit, requestsOfVersion, reserve, withResourceSteps } from "./placement.ts";
import { earliest, emptyPlan, plural, type Plan } from "./plan.ts";
import { stopEndedRuns } from "./decide-batch.ts";

/** A broadcast node must acknowledge within queueTimeout, or this when it is 0 (DECISIONS.md). */
const DEFAULT_ACK_TIMEOUT_S = 60;

/** OPS, QUERY, UPDATE, CONFIG (pure): each run once on every target. */
export function decideBroadcast(state: ClusterState, spec: JobSpec, now: Date): Plan {
  const plan = emptyPlan();
  const { job, nodes } = state;
  const { targets, steps } = computeTargets(spec, nodes);
  const ledger = ledgerOf(nodes);
  const ackTimeoutMs = (spec.timeouts.queueTimeout || DEFAULT_ACK_TIMEOUT_S) * 1000;
  stopEndedRuns(state, plan);

  for (const run of state.runs) {
    const execs = state.executions.filter((e) => e.runId === run.id);
    if (execs.length === 0) {
      // A retry of some nodes only: those of them that are still targets.
      const only = Array.isArray(run.nodeIds) ? new Set(run.nodeIds as string[]) : null;
      const matching = only ? targets.filter((n) => only.has(n.id)) : targets;
      // A broadcast ignores the execution count, but not requests: a node without that much free is left out, and the run says so.
      const req = requestsOfVersion(state, run.jobVersion, spec);
      const short = hasRequests(req) ? withResourceSteps(matching, steps, (n) => misfit(n, ledger, req, { countSlots: false }), req) : null;
      const runTargets = short ? matching.filter((n) => misfit(n, ledger, req, { countSlots: false }) === null) : matching;
      if (runTargets.length === 0) {
        plan.explanation = short ?? explain(steps);
        plan.runs.push({ runId: run.id, state: "FAILED", message: `no node to run on: ${plan.explanation.sentence}`, error: plan.explanation.sentence });
        continue;
      }
      for (const n of runTargets) {
        reserve(ledger, n, req);
        plan.place.push({ nodeId: n.id, jobVersion: run.jobVersion, runId: run.id, attempt: 1, previousExecutionId: null, reason: "broadcast", ...(short ? { reserves: req } : {}) });
      }
      const left = matching.length - runTargets.length;
      if (left > 0) plan.explanation = short;
      plan.runs.push({ runId: run.id, state: "RUNNING", message: `sent to ${plural(runTargets.length, "node")}${left > 0 ? ` (${plural(left, "node")} left out: ${short!.sentence})` : ""}` });
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
    const pending = execs.filter((e) => isActiveCompute(e.computeState) && !lostIds.has(e.id));
    if (pending.length > 0) continue;
    const skipped = execs.filter((e) => e.computeState === "FAILED" && (e.computeDetails as Record<string, string>)?.skipped === "true");
    const ok = execs.filter((e) => e.computeState === "COMPLETE").length;
    const counted = execs.length - skipped.length;
    const failed = counted - ok;
    const message = counted === 0 ? `skipped on all ${execs.length} nodes` : `${ok}/${counted} succeeded`;
    const runState = failed === 0 ? "SUCCEEDED" : ok === 0 ? "FAILED" : "PARTIAL_FAILURE";
    plan.runs.push({ runId: run.id, state: runState, message, error: failed ? `${plural(failed, "node")} failed` : null });
  }
  const finished = plan.runs.filter((r) => r.state !== "RUNNING");
  const latest = finished[finished.length - 1];
  if (plan.place.length || state.runs.some((r) => r.state === "RUNNING" && !finished.some((f) => f.runId === r.id))) {
    plan.job = { state: "RUNNING", message: "running" };
  } else if (latest) {
    plan.job =
      latest.state === "SUCCEEDED"
        ? { state: "COMPLETED", message: latest.message }
        : { state: "FAILED", message: latest.message, details: { code: latest.state === "PARTIAL_FAILURE" ? "RUN_PARTIAL_FAILURE" : "RUN_FAILED", runId: latest.runId } };
  } else if (state.runs.length === 0 && job.state === "PENDING") {
    plan.job = null;
  }
  return plan;
}
