// Rows written straight into the database for the scale tests: thousands of
// jobs in the states a long-lived cluster holds (finished batch jobs, running
// services), without going through the API, whose cost is not under test here.
import type { Prisma, PrismaClient } from "../../server/db/client.ts";
import { newId } from "../../server/ids.ts";
import { normalizeSpec } from "../../server/spec/normalize.ts";

const batchSpec = normalizeSpec({ name: "x", namespace: "scale", type: "batch", command: "true" });

export async function seedNode(prisma: PrismaClient, id: string, labels: Record<string, string>, opts: { heartbeatAt?: Date } = {}) {
  const now = new Date();
  await prisma.node.create({
    data: { id, hostname: id, capacity: 10_000, state: "READY", labels, runtimes: {}, lastHeartbeatAt: opts.heartbeatAt ?? now, registeredAt: now, updatedAt: now, revision: 1 },
  });
  await prisma.nodeLabel.createMany({ data: Object.entries(labels).map(([key, value]) => ({ nodeId: id, key, value })) });
}

/** `count` batch jobs that completed, each with its run and its execution on `nodeId`. */
export async function seedFinishedBatchJobs(prisma: PrismaClient, count: number, nodeId: string, prefix = "batch") {
  const now = new Date();
  const jobs = [], versions = [], runs = [], executions = [];
  for (let i = 0; i < count; i++) {
    const id = newId("job", now);
    const runId = newId("run", now);
    const spec = { ...batchSpec, name: `${prefix}-${i}` } as unknown as Prisma.InputJsonValue;
    jobs.push({ id, namespace: "scale", name: `${prefix}-${i}`, type: "batch", priority: 50, spec, version: 1, revision: 2, state: "COMPLETED" as const, stateMessage: "", stateDetails: {}, createdAt: now, updatedAt: now });
    versions.push({ id: newId("version", now), jobId: id, version: 1, spec, createdAt: now });
    runs.push({ id: runId, jobId: id, namespace: "scale", jobVersion: 1, state: "SUCCEEDED" as const, trigger: "MANUAL" as const, operation: {}, message: "", exitCode: 0, createdAt: now, startedAt: now, finishedAt: now, updatedAt: now });
    executions.push(execution(id, nodeId, "batch", runId, "STOPPED", "COMPLETE", now));
  }
  await prisma.job.createMany({ data: jobs });
  await prisma.jobVersion.createMany({ data: versions });
  await prisma.run.createMany({ data: runs });
  await prisma.execution.createMany({ data: executions });
  return jobs.map((j) => j.id);
}

/** `count` services selecting `selector`, each running (one live execution) on `nodeId`, deployed by a rollout that succeeded. */
export async function seedRunningServices(prisma: PrismaClient, count: number, nodeId: string, matchLabels: Record<string, string>, prefix = "svc") {
  const now = new Date();
  const jobs = [], versions = [], rollouts = [], executions = [];
  for (let i = 0; i < count; i++) {
    const id = newId("job", now);
    const rolloutId = newId("rollout", now);
    const spec = normalizeSpec({ name: `${prefix}-${i}`, namespace: "scale", type: "service", command: "sleep 3600", selector: { matchLabels } }) as unknown as Prisma.InputJsonValue;
    jobs.push({ id, namespace: "scale", name: `${prefix}-${i}`, type: "service", priority: 50, spec, version: 1, revision: 2, state: "RUNNING" as const, stateMessage: "", stateDetails: {}, deploymentId: rolloutId, createdAt: now, updatedAt: now });
    versions.push({ id: newId("version", now), jobId: id, version: 1, spec, createdAt: now });
    rollouts.push({ id: rolloutId, jobId: id, type: "CREATE" as const, state: "SUCCEEDED" as const, strategy: "rolling", fromVersion: 0, toVersion: 1, currentWave: 1, totalWaves: 1, totalNodes: 1, updatedNodes: 1, failedNodes: 0, canaryNodes: [], canaryPromoted: false, rollbackToVersion: 0, plan: { waves: [[nodeId]] }, message: "", startedAt: now, completedAt: now, updatedAt: now });
    executions.push({ ...execution(id, nodeId, "service", null, "RUNNING", "RUNNING", now), deploymentId: rolloutId, stableAt: now });
  }
  await prisma.job.createMany({ data: jobs });
  await prisma.jobVersion.createMany({ data: versions });
  await prisma.rollout.createMany({ data: rollouts });
  await prisma.execution.createMany({ data: executions });
  return jobs.map((j) => j.id);
}

export function execution(jobId: string, nodeId: string, jobType: string, runId: string | null, desiredState: "RUNNING" | "STOPPED" | "PENDING", computeState: "RUNNING" | "COMPLETE" | "PENDING", now: Date) {
  return {
    id: newId("execution", now), jobId, namespace: "scale", nodeId, jobType, jobVersion: 1, runId, desiredState, desiredMessage: "", computeState, computeMessage: "",
    computeDetails: {}, details: {}, revision: 1, attempt: 1, reportCounter: 0, startedAt: now, finishedAt: computeState === "COMPLETE" ? now : null, createdAt: now, updatedAt: now,
  };
}

/** Evaluations waiting to be looked at, and node changes not yet turned into them. */
export async function backlog(prisma: PrismaClient): Promise<number> {
  const [evaluations, changes] = await Promise.all([
    prisma.evaluation.count({ where: { status: { in: ["PENDING", "RUNNING"] }, waitUntil: null } }),
    prisma.nodeChange.count(),
  ]);
  return evaluations + changes;
}
