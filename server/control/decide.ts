import type { JobSpec } from "../spec/types.ts";
import { isBroadcast, isLongRunning } from "../spec/types.ts";
import type { ClusterState } from "./cluster-state.ts";
import type { Plan } from "./plan.ts";
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
  const { job } = state;
  const spec = job.spec as unknown as JobSpec;
  if (job.state === "STOPPED" || job.deleteRequestedAt !== null) return decideStopOrDelete(state, now);
  if (isLongRunning(spec.type)) return decideLongRunning(state, spec, now);
  if (isBroadcast(spec.type)) return decideBroadcast(state, spec, now);
  return decideBatch(state, spec, now);
}
