import { isActiveCompute, isActiveRun, isLive } from "../../common/states.ts";
import type { ClusterState } from "./cluster-state.ts";
import { earliest, emptyPlan, plural, type Plan } from "./plan.ts";

/**
 * How long a deleted job waits for its agents to end its processes before its
 * rows go anyway: the agents' kill grace (SIGTERM, then SIGKILL after 10 s)
 * plus a heartbeat TTL. An agent that reconnects later stops whatever is not
 * in its desired set, so nothing outlives the job for long.
 */
export const DELETE_GRACE_MS = 45_000;

/**
 * A stopped or deleted job (pure): every live execution desired STOPPED (the
 * agent ends the process: SIGTERM, grace, SIGKILL), every unfinished run
 * CANCELLED. A deleted job's rows go once none of its processes is left.
 */
export function decideStopOrDelete(state: ClusterState, now: Date): Plan {
  const plan = emptyPlan();
  const deleting = state.job.deleteRequestedAt !== null;
  const reason = deleting ? "job deleted" : "job stopped";
  // Executions on DOWN nodes arrive here already LOST (see decide): only live agents have processes to end.
  let ending = 0;
  for (const e of state.executions) {
    if (!isActiveCompute(e.computeState)) continue;
    ending++;
    if (isLive(e)) plan.stop.push({ executionId: e.id, reason });
  }
  for (const run of state.runs) {
    if (isActiveRun(run.state)) plan.runs.push({ runId: run.id, state: "CANCELLED", message: reason, error: reason });
  }
  if (!deleting) return plan;

  const deadline = new Date(state.job.deleteRequestedAt!.getTime() + DELETE_GRACE_MS);
  if (ending === 0 || now >= deadline) {
    plan.purge = true;
    return plan;
  }
  plan.job = { state: "DELETED", message: `deleting: waiting for ${plural(ending, "process")} to end`, details: { code: "DELETING" } };
  // Agents' reports wake the job; the deadline is the backstop.
  plan.followUpAt = earliest(plan.followUpAt, deadline);
  return plan;
}
