import type { Execution } from "../db/client.ts";
import type { JobSpec } from "../spec/types.ts";
import type { ClusterNode, ClusterState } from "../control/cluster-state.ts";
import type { RolloutStart } from "../control/plan.ts";
import { runKey } from "../spec/diff.ts";
import { planWaves, rollbackToVersion, type RolloutKind } from "./plan.ts";

export interface RolloutPlan {
  /** Node ids per wave, fixed when the rollout starts; nodes that join later get the new version at once. */
  waves: string[][];
}

/** The run key of a version the pass loaded, or null when it is not known. */
export function versionKey(state: Pick<ClusterState, "versions">, version: number): string | null {
  const v = state.versions.get(version);
  return v ? runKey(v.spec) : null;
}

/**
 * Whether the job's current version needs a rollout that has not started,
 * and which (pure). A rollout starts when what runs differs from what the
 * job's last rollout deployed (or it never had one), or when a restart was
 * requested after that rollout started. A newer version that changed nothing
 * that runs needs none: its executions carry on as they are.
 *
 * Kinds: restart (requested, with something running), rollback (the version
 * was written by a rollback), create (nothing of the job runs yet), update.
 */
export function rolloutToStart(
  state: ClusterState,
  spec: JobSpec,
  targets: readonly ClusterNode[],
  live: readonly Execution[],
): RolloutStart | null {
  const { job, rollout } = state;
  const restartPending = job.restartRequestedAt !== null && (!rollout || rollout.startedAt < job.restartRequestedAt);
  if (rollout && !restartPending && versionKey(state, rollout.toVersion) === runKey(spec)) return null;

  const source = state.versions.get(job.version)?.sourceVersion ?? null;
  const kind: RolloutKind =
    restartPending && live.length > 0 ? "restart" : source !== null && rollout ? "rollback" : live.length === 0 ? "create" : "update";
  const fromVersion = rollout?.toVersion ?? 0;
  const waves = planWaves(targets.map((n) => n.id).sort(), spec.deployment);
  let back = rollbackToVersion(kind, state.lastSucceededVersion, fromVersion);
  // Returning to what runs now would change nothing.
  if (back > 0 && versionKey(state, back) === runKey(spec)) back = 0;
  const reason = rollout?.state === "FAILED" ? ` (${rollout.message})` : "";
  const message =
    kind === "rollback" ? `rolling back to v${source}${reason}` : waves.length ? `wave 1 of ${waves.length}` : "no target nodes";
  return { kind, strategy: spec.deployment.strategy, fromVersion, toVersion: job.version, waves, rollbackToVersion: back, message };
}
