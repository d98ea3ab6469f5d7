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
  const base: ClusterState = existing
    ? ((await loadClusterState(s, existing.id)) ?? { job: existing, nodes: await loadNodes(s), executions: [], runs: [] })
    : { job: null as unknown as Job, nodes: await loadNodes(s), executions: [], runs: [] };
  const job = {
    ...(existing ?? { id: "job-preview", namespace: spec.namespace, name: spec.name, revision: 0, deploymentId: null, nextFireAt: null, createdAt: now, updatedAt: now, stateMessage: "", stateDetails: {} }),
    type: spec.type,
    priority: spec.priority,
    spec: spec as unknown as Job["spec"],
    version,
    state: existing && existing.state !== "STOPPED" ? existing.state : "PENDING",
  } as Job;
  const runs: Run[] = isRunToCompletion(spec.type)
    ? [{ id: "run-preview", jobId: job.id, namespace: job.namespace, jobVersion: version, state: "PENDING", createdAt: now } as Run]
    : [];
  const plan = decide({ ...base, job, runs, executions: isRunToCompletion(spec.type) ? [] : base.executions }, now);
  return { place: plan.place.map((p) => p.nodeId), stop: plan.stop, explanation: plan.explanation };
}
