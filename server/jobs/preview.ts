import type { Job, Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import { isRunToCompletion, type JobSpec } from "../spec/types.ts";
import { decide } from "../control/decide.ts";
import { loadClusterState, loadNodes, type ClusterState } from "../control/cluster-state.ts";

/** What the scheduler would do with a spec, as a dry run shows it. */
export interface PlanPreview {
  /** Nodes that would get an execution (for batch and broadcast jobs: for one run). */
  place: string[];
  /** Executions that would be stopped, with why. */
  stop: { executionId: string; reason: string }[];
  /** Why not everything could be placed; null when everything could. */
  explanation: { steps: unknown; sentence: string } | null;
}

/**
 * Runs the scheduler's own pure decision on the job as it would be after the
 * write, over today's nodes and executions, writing nothing. For batch and
 * broadcast jobs it pretends one run was triggered, since they place nothing
 * without one.
 */
export async function previewPlan(s: Services, existing: Job | null, spec: JobSpec, version: number): Promise<PlanPreview> {
  const now = s.clock.now();
  const loaded = existing ? await loadClusterState(s, existing.id) : null;
  const base: ClusterState = loaded ?? { job: existing as Job, nodes: await loadNodes(s), executions: [], runs: [], rollout: null, versions: new Map(), lastSucceededVersion: null };
  const job = {
    ...(existing ?? { id: "job-preview", namespace: spec.namespace, name: spec.name, revision: 0, deploymentId: null, nextFireAt: null, createdAt: now, updatedAt: now, stateMessage: "", stateDetails: {}, restartRequestedAt: null, deleteRequestedAt: null, scheduleSuspendedAt: null }),
    type: spec.type,
    priority: spec.priority,
    spec: spec as unknown as Job["spec"],
    version,
    state: existing && existing.state !== "STOPPED" ? existing.state : "PENDING",
  } as Job;
  const runs: Run[] = isRunToCompletion(spec.type)
    ? [{ id: "run-preview", jobId: job.id, namespace: job.namespace, jobVersion: version, state: "PENDING", createdAt: now } as Run]
    : [];
  const versions = new Map(base.versions);
  versions.set(version, { spec, sourceVersion: null });
  const state: ClusterState = { ...base, job, runs, versions, executions: isRunToCompletion(spec.type) ? [] : base.executions };
  let plan = decide(state, now);
  if (plan.startRollout) {
    // The rollout the write would start: show its first wave as the next pass would place it.
    const r = plan.startRollout;
    const rollout = {
      id: "rollout-preview", jobId: job.id, type: r.kind.toUpperCase(), state: "RUNNING", strategy: r.strategy, fromVersion: r.fromVersion, toVersion: r.toVersion,
      currentWave: r.waves.length ? 1 : 0, totalWaves: r.waves.length, totalNodes: r.waves.flat().length, updatedNodes: 0, failedNodes: 0,
      canaryNodes: [], canaryPromoted: false, rollbackToVersion: r.rollbackToVersion, plan: { waves: r.waves }, message: r.message, startedAt: now, completedAt: null, updatedAt: now,
    } as unknown as NonNullable<ClusterState["rollout"]>;
    plan = decide({ ...state, rollout, job: { ...job, deploymentId: rollout.id } }, now);
  }
  return { place: plan.place.map((p) => p.nodeId), stop: plan.stop, explanation: plan.explanation };
}
