import type { Execution, Job, Rollout } from "../db/client.ts";
import type { JobSpec } from "../spec/types.ts";
import { parseDuration } from "../../common/duration.ts";
import type { JobStateOp, RolloutProgress } from "../control/plan.ts";
import { budgetExceeded, executionHealth, failureBudget } from "./plan.ts";
import type { RolloutPlan } from "./start.ts";

/**
 * The rollout that governs the job's current version, or null: one in
 * progress, or one that failed and was not rolled back (its later waves never
 * get the new version, and the job stays ROLLOUT_FAILED until the next change).
 */
export function activeRollout(rollout: Rollout | null | undefined, job: Job): Rollout | null {
  if (!rollout || rollout.toVersion !== job.version) return null;
  return governs(rollout) ? rollout : null;
}

/** In progress, or failed and not rolled back: it still decides which nodes run which version. */
export function governs(rollout: Pick<Rollout, "state">): boolean {
  return rollout.state === "RUNNING" || rollout.state === "PAUSED" || rollout.state === "FAILED";
}

/**
 * Which nodes may get the new version now: those of the waves up to the
 * current one, and nodes outside the plan (they joined later). A rollback
 * skips gating and replaces everywhere at once.
 */
export function mayReplace(rollout: Rollout | null, nodeId: string): boolean {
  if (!rollout || rollout.type === "ROLLBACK") return true;
  const waves = (rollout.plan as unknown as RolloutPlan).waves;
  const wave = waves.findIndex((w) => w.includes(nodeId));
  return wave < 0 || wave + 1 <= rollout.currentWave;
}

export interface Progress {
  rollout: RolloutProgress;
  stable: string[];
  followUpAt: Date | null;
  job: JobStateOp | null;
  /** Set when the rollout failed and should roll back to this version. */
  rollbackTo: number | null;
}

/**
 * One step of a rollout (level-triggered): counts healthy and failed nodes of
 * the waves so far, and moves to the next wave, pauses after a canary, halts
 * on the failure budget, or completes. A node counts as failed when a new
 * execution on it failed, was lost, or was not healthy by the deadline during
 * this rollout. Immediate rollouts and rollbacks need no health window: running is enough.
 */
export function stepRollout(rollout: Rollout, spec: JobSpec, executions: Execution[], now: Date): Progress {
  const waves = (rollout.plan as unknown as RolloutPlan).waves;
  const ungated = rollout.strategy === "immediate" || rollout.type === "ROLLBACK";
  const hc = spec.deployment.healthCheck;
  const minHealthyMs = ungated || !hc ? 0 : parseDuration(hc.minHealthyTime);
  const deadlineMs = ungated || !hc ? Number.MAX_SAFE_INTEGER / 2 : parseDuration(hc.deadline);
  const fresh = executions.filter((e) => e.jobVersion === rollout.toVersion && e.createdAt >= rollout.startedAt);
  const carriedOver = new Set(
    rollout.type === "RESTART"
      ? []
      : executions
          .filter((e) => e.jobVersion === rollout.toVersion && e.createdAt < rollout.startedAt && e.computeState === "RUNNING" && e.desiredState !== "STOPPED")
          .map((e) => e.nodeId),
  );
  const stable: string[] = [];
  let followUpAt: Date | null = null;
  let updated = 0;
  let failed = 0;
  const failedNodes = new Set<string>();
  let currentDone = true;
  const lastWave = rollout.type === "ROLLBACK" ? waves.length : rollout.currentWave;
  waves.slice(0, lastWave).forEach((wave, i) => {
    // The wave that must finish before the next step: the current one, or every wave for a rollback.
    const gating = rollout.type === "ROLLBACK" || i + 1 === lastWave;
    for (const nodeId of wave) {
      const mine = fresh.filter((e) => e.nodeId === nodeId).sort((a, b) => a.id.localeCompare(b.id));
      const latest = mine[mine.length - 1];
      if (mine.some((e) => e.computeState === "FAILED" || e.computeState === "LOST")) {
        failed++;
        failedNodes.add(nodeId);
        continue;
      }
      if (!latest) {
        // Already running what the rollout deploys (a rollback to what a later wave never left,
        // or a version that changed nothing that runs): nothing to replace there.
        if (carriedOver.has(nodeId)) {
          updated++;
          continue;
        }
        if (gating) currentDone = false;
        continue;
      }
      const h = executionHealth(latest, minHealthyMs, deadlineMs, now);
      if (h.state === "healthy") {
        updated++;
        if (!latest.stableAt && !ungated) stable.push(latest.id);
      } else if (h.state === "failed") {
        failed++;
        failedNodes.add(nodeId);
      } else {
        if (gating) currentDone = false;
        followUpAt = !followUpAt || h.until < followUpAt ? h.until : followUpAt;
      }
    }
  });

  const base = {
    id: rollout.id,
    currentWave: rollout.currentWave,
    updatedNodes: updated,
    failedNodes: failed,
    canaryPromoted: rollout.canaryPromoted,
    toVersion: rollout.toVersion,
    completed: false,
    waveStarted: false,
  };
  const budget = failureBudget(rollout.totalNodes, spec.deployment);
  if (rollout.state === "PAUSED") {
    return { rollout: { ...base, state: "PAUSED", message: rollout.message }, stable, followUpAt, job: { state: "ROLLOUT_PAUSED", message: rollout.message }, rollbackTo: null };
  }
  // Halting fails the rollout and, unless noAutoRollback, rolls back (a rollback itself never halts).
  const canRollBack = !spec.deployment.noAutoRollback && rollout.rollbackToVersion > 0;
  const halt = (why: string): Progress => {
    const message = `halted: ${why}${canRollBack ? `; rolling back to v${rollout.rollbackToVersion}` : ""}`;
    return {
      rollout: { ...base, state: "FAILED", message, completed: true },
      stable,
      followUpAt: null,
      job: { state: "ROLLOUT_FAILED", message, details: { code: "ROLLOUT_HALTED", rolloutId: rollout.id, ...(canRollBack ? { rollbackToVersion: String(rollout.rollbackToVersion) } : {}) } },
      rollbackTo: canRollBack ? rollout.rollbackToVersion : null,
    };
  };
  if (budgetExceeded(failed, rollout.totalNodes, spec.deployment) && rollout.type !== "ROLLBACK") {
    return halt(`${failed} failed node${failed === 1 ? "" : "s"} exceed the budget of ${budget}`);
  }
  if (waves.length === 0 || (currentDone && lastWave >= waves.length)) {
    const message = `rolled out v${rollout.toVersion} to ${updated} of ${rollout.totalNodes} nodes`;
    return { rollout: { ...base, currentWave: waves.length, state: "SUCCEEDED", message, completed: true }, stable, followUpAt: null, job: null, rollbackTo: null };
  }
  if (!currentDone) {
    const message = `wave ${rollout.currentWave} of ${waves.length}: ${updated} of ${rollout.totalNodes} nodes updated`;
    return { rollout: { ...base, state: "RUNNING", message }, stable, followUpAt, job: { state: "DEPLOYING", message }, rollbackTo: null };
  }
  // maxErrorRate: the share of the finished wave's nodes whose new execution failed.
  const wave = waves[rollout.currentWave - 1] ?? [];
  const waveFailed = wave.filter((nodeId) => failedNodes.has(nodeId)).length;
  const errorRate = wave.length ? waveFailed / wave.length : 0;
  const maxErrorRate = spec.deployment.healthCheck?.maxErrorRate ?? 1;
  if (!ungated && errorRate > maxErrorRate && rollout.type !== "ROLLBACK") {
    return halt(`wave ${rollout.currentWave} error rate ${errorRate.toFixed(2)} exceeds maxErrorRate ${maxErrorRate}`);
  }
  const isCanary = rollout.strategy === "canary" && rollout.currentWave === 1;
  if (isCanary && !spec.deployment.autoPromote && !rollout.canaryPromoted) {
    const message = `canary healthy on ${updated} node${updated === 1 ? "" : "s"}; waiting for promote`;
    return { rollout: { ...base, state: "PAUSED", message }, stable, followUpAt: null, job: { state: "ROLLOUT_PAUSED", message }, rollbackTo: null };
  }
  const next = rollout.currentWave + 1;
  const message = `wave ${next} of ${waves.length}: ${updated} of ${rollout.totalNodes} nodes updated`;
  return {
    // Leaving the canary wave, by autoPromote or after promoteRollout, promotes it.
    rollout: { ...base, currentWave: next, state: "RUNNING", message, waveStarted: true, canaryPromoted: base.canaryPromoted || isCanary },
    stable,
    followUpAt: now,
    job: { state: "DEPLOYING", message },
    rollbackTo: null,
  };
}
