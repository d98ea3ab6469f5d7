import type { Job, Prisma, Rollout } from "../db/client.ts";
import type { Services } from "../services.ts";
import { newId } from "../ids.ts";
import type { JobSpec } from "../spec/types.ts";
import { loadNodes } from "../control/cluster-state.ts";
import { computeTargets } from "../control/decide.ts";
import { planWaves, rollbackToVersion, type RolloutKind } from "./plan.ts";

export interface RolloutPlan {
  /** Node ids per wave, fixed when the rollout starts; nodes that join later get the new version at once. */
  waves: string[][];
}

/**
 * Starts a rollout of the job's current version inside the caller's
 * transaction: plans the waves over today's targets and points the job at it
 * (deploymentId, DEPLOYING). The scheduler then moves it wave by wave.
 */
export async function startRollout(
  tx: Prisma.TransactionClient,
  s: Services,
  job: Job,
  spec: JobSpec,
  kind: RolloutKind,
  fromVersion: number,
): Promise<{ job: Job; rollout: Rollout }> {
  const now = s.clock.now();
  const { targets } = computeTargets(spec, await loadNodes(s));
  const waves = planWaves(
    targets.map((n) => n.id).sort(),
    spec.deployment,
  );
  const lastCompleted = await tx.rollout.findFirst({
    where: { jobId: job.id, state: "SUCCEEDED" },
    orderBy: { startedAt: "desc" },
    select: { toVersion: true },
  });
  // Supersede whatever rollout was still going: the newest spec wins.
  await tx.rollout.updateMany({
    where: { jobId: job.id, state: { in: ["RUNNING", "PAUSED"] } },
    data: { state: "CANCELLED", message: "superseded by a newer rollout", completedAt: now, updatedAt: now },
  });
  const canary = spec.deployment.strategy === "canary" ? (waves[0] ?? []) : [];
  const rollout = await tx.rollout.create({
    data: {
      id: newId("rollout", now),
      jobId: job.id,
      type: kind.toUpperCase() as Rollout["type"],
      state: "RUNNING",
      strategy: spec.deployment.strategy,
      fromVersion,
      toVersion: job.version,
      currentWave: waves.length ? 1 : 0,
      totalWaves: waves.length,
      totalNodes: waves.reduce((n, w) => n + w.length, 0),
      updatedNodes: 0,
      failedNodes: 0,
      canaryNodes: canary,
      canaryPromoted: false,
      rollbackToVersion: rollbackToVersion(kind, lastCompleted?.toVersion ?? null, fromVersion),
      plan: { waves } satisfies RolloutPlan as unknown as Prisma.InputJsonValue,
      message: waves.length ? `wave 1 of ${waves.length}` : "no target nodes",
      startedAt: now,
      updatedAt: now,
    },
  });
  const updated = await tx.job.update({
    where: { id: job.id },
    data: { deploymentId: rollout.id, state: "DEPLOYING", stateMessage: rollout.message },
  });
  return { job: updated, rollout };
}
