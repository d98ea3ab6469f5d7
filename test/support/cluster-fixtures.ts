// Builders of the scheduler's input (ClusterState) for the pure tests of
// decide and the rollout stepper: plain rows, as the database returns them.
import type { Execution, Job, Rollout, Run } from "../../server/db/client.ts";
import type { ClusterNode, ClusterState } from "../../server/control/cluster-state.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";
import type { JobSpec, JobSpecInput } from "../../server/spec/types.ts";
import { isLongRunning } from "../../server/spec/types.ts";

export const now = new Date("2026-04-01T12:00:00Z");
export const ago = (ms: number) => new Date(now.getTime() - ms);

export interface NodeOpts {
  capacity?: number;
  used?: number;
  state?: "READY" | "DOWN" | "DRAINING";
  /** What the agent reported (null: an agent that reports nothing, the default) and what live executions reserved. */
  cpuCores?: number | null;
  memoryBytes?: number | null;
  cpuUsed?: number;
  memoryUsed?: number;
}

export function node(id: string, labels: Record<string, string> = {}, opts: NodeOpts = {}): ClusterNode {
  return {
    id, hostname: id, labels, capacity: opts.capacity ?? 4, used: opts.used ?? 0, state: opts.state ?? "READY",
    cpuCores: opts.cpuCores ?? null, memoryBytes: opts.memoryBytes ?? null, cpuUsed: opts.cpuUsed ?? 0, memoryUsed: opts.memoryUsed ?? 0,
    runtimes: {}, agentVersion: null, lastHeartbeatAt: now, registeredAt: now, updatedAt: now, revision: 1,
  } as ClusterNode;
}

export function spec(input: JobSpecInput): JobSpec {
  return normalizeSpec({ name: "j", command: "x", ...input } as JobSpecInput);
}

export function job(input: JobSpecInput, over: Partial<Job> = {}): Job {
  return jobOf(spec(input), over);
}

export function jobOf(s: JobSpec, over: Partial<Job> = {}): Job {
  return {
    id: "job-1", namespace: "default", name: "j", type: s.type, priority: 50, spec: s as never, version: 1, revision: 1,
    state: "PENDING", stateMessage: "", stateDetails: {}, deploymentId: null, nextFireAt: null, restartRequestedAt: null, deleteRequestedAt: null,
    createdAt: ago(60_000), updatedAt: ago(60_000), ...over,
  } as Job;
}

let seq = 0;
export function execution(nodeId: string, over: Partial<Execution> = {}): Execution {
  return {
    id: `exec-${String(++seq).padStart(6, "0")}`, jobId: "job-1", namespace: "default", nodeId, jobType: "service", jobVersion: 1, runId: null,
    evalId: null, deploymentId: null, desiredState: "RUNNING", desiredMessage: "", computeState: "RUNNING", computeMessage: "",
    computeDetails: {}, details: {}, previousExecutionId: null, nextExecutionId: null, revision: 1, attempt: 1, exitCode: null,
    cpuRequested: null, memoryRequested: null, reportCounter: 0, startedAt: ago(50_000), finishedAt: null, stableAt: null, createdAt: ago(50_000), updatedAt: ago(50_000), ...over,
  } as Execution;
}

export const run = (id: string, over: Partial<Run> = {}) =>
  ({ id, jobId: "job-1", namespace: "default", jobVersion: 1, state: "PENDING", message: "", createdAt: ago(1000), nodeIds: null, ...over }) as Run;

export function rollout(over: Partial<Rollout> & { waves?: string[][] } = {}): Rollout {
  const { waves = [], ...rest } = over;
  return {
    id: "roll-1", jobId: "job-1", type: "UPDATE", state: "RUNNING", strategy: "rolling", fromVersion: 1, toVersion: 1, currentWave: waves.length ? 1 : 0,
    totalWaves: waves.length, totalNodes: waves.flat().length, updatedNodes: 0, failedNodes: 0, canaryNodes: [], canaryPromoted: false,
    rollbackToVersion: 0, plan: { waves }, message: "", startedAt: ago(40_000), completedAt: null, updatedAt: ago(40_000), ...rest,
  } as Rollout;
}

/**
 * A cluster state. Unless told otherwise, a long-running job is deployed: its
 * current version's rollout succeeded, so the pass places without starting
 * one. `versions` defaults to every version named, all with the job's spec.
 */
export function state(over: Partial<ClusterState> & { job: Job; specs?: Record<number, JobSpec> }): ClusterState {
  const { specs = {}, ...rest } = over;
  const j = rest.job;
  const current = j.spec as unknown as JobSpec;
  const deployed =
    rest.rollout === undefined && isLongRunning(current.type)
      ? rollout({ id: "roll-done", state: "SUCCEEDED", toVersion: j.version, waves: [], completedAt: ago(30_000) })
      : (rest.rollout ?? null);
  const named = new Set<number>([j.version, ...(rest.executions ?? []).map((e) => e.jobVersion), ...(deployed ? [deployed.toVersion] : []), ...Object.keys(specs).map(Number)]);
  const versions = new Map([...named].map((v) => [v, { spec: specs[v] ?? current, sourceVersion: null as number | null }]));
  return {
    nodes: [],
    executions: [],
    runs: [],
    lastSucceededVersion: deployed?.state === "SUCCEEDED" ? deployed.toVersion : null,
    ...rest,
    job: { ...j, deploymentId: deployed?.id ?? j.deploymentId },
    rollout: deployed,
    versions,
  };
}
