import type { JobSpec } from "../spec/types.ts";
import { isBroadcast, isLongRunning } from "../spec/types.ts";
import type { ClusterState } from "./cluster-state.ts";
import type { Plan, StopOp } from "./plan.ts";
import { isActiveCompute } from "../../common/states.ts";
import { decideStopOrDelete } from "./decide-stop.ts";
import { decideLongRunning } from "./decide-long-running.ts";
import { decideBroadcast } from "./decide-broadcast.ts";
import { decideBatch } from "./decide-batch.ts";

/**
 * The scheduler's decision for one job (pure): fresh cluster state and `now`
 * in, every change out (placements, stops with reasons, runs, rollout starts
 * and steps, rollbacks, the job's state). The applier writes it; nothing
 * else changes what runs.
 */
export function decide(state: ClusterState, now: Date): Plan {
  const { seen, lost } = loseWorkOnDownNodes(state, now);
  const plan = decideKind(seen, now);
  plan.lost.unshift(...lost);
  return plan;
}

function decideKind(state: ClusterState, now: Date): Plan {
  const { job } = state;
  const spec = job.spec as unknown as JobSpec;
  if (job.state === "STOPPED" || job.deleteRequestedAt !== null) return decideStopOrDelete(state, now);
  if (isLongRunning(spec.type)) return decideLongRunning(state, spec, now);
  if (isBroadcast(spec.type)) return decideBroadcast(state, spec, now);
  return decideBatch(state, spec, now);
}

/**
 * Executions on a DOWN (or deregistered) node are LOST, whatever the job: no
 * agent will answer for them. They are marked so, and the per-kind decision
 * sees them as ended, so it replaces them where the job type says so.
 */
function loseWorkOnDownNodes(state: ClusterState, now: Date): { seen: ClusterState; lost: StopOp[] } {
  const nodes = new Map(state.nodes.map((n) => [n.id, n]));
  const lost: StopOp[] = [];
  const executions = state.executions.map((e) => {
    const node = nodes.get(e.nodeId);
    if (!isActiveCompute(e.computeState) || (node && node.state !== "DOWN")) return e;
    const reason = node
      ? `node ${node.id} stopped heartbeating (last ${node.lastHeartbeatAt?.toISOString() ?? "never"})`
      : `node ${e.nodeId} is gone`;
    lost.push({ executionId: e.id, reason });
    return { ...e, computeState: "LOST" as const, computeMessage: reason, desiredState: "STOPPED" as const, finishedAt: now };
  });
  return { seen: lost.length ? { ...state, executions } : state, lost };
}
