import type { Deployment } from "../spec/types.ts";

/*
 * Rollout arithmetic (pure), as DECISIONS.md fixes it:
 * - waves are numbered from 1 (0 before the start); a canary is wave 1;
 * - percentages round up, minimum 1; maxParallel 0 means every node at once;
 * - budget = min(maxFailedNodes, floor(maxFailedNodesPercent × totalNodes / 100));
 *   the rollout halts when failedNodes exceeds it.
 */

/** How many of `total` nodes a percentage names: rounded up, at least 1 (0 when there are no nodes). */
export function percentOf(total: number, percent: number): number {
  if (total === 0) return 0;
  return Math.max(1, Math.ceil((total * percent) / 100));
}

/** Nodes per wave after the canary: maxParallel, or maxParallelPercent of the targets; 0 means all. */
export function waveSize(total: number, d: Pick<Deployment, "maxParallel" | "maxParallelPercent">): number {
  if (d.maxParallelPercent != null) return percentOf(total, d.maxParallelPercent);
  const n = d.maxParallel ?? 0;
  return n === 0 ? total : Math.min(n, total);
}

/** Canary nodes: canaryCount, or canaryPercent of the targets; never more than there are. */
export function canarySize(total: number, d: Pick<Deployment, "strategy" | "canaryCount" | "canaryPercent">): number {
  if (d.strategy !== "canary" || total === 0) return 0;
  if (d.canaryPercent != null) return Math.min(total, percentOf(total, d.canaryPercent));
  return Math.min(total, d.canaryCount ?? 1);
}

/**
 * The waves of a rollout over `nodeIds` (in the order given: callers pass a
 * stable order, e.g. by id). immediate: one wave. rolling: waves of waveSize.
 * canary: the canary nodes as wave 1, then the rest in waves of waveSize.
 *
 * Example: 6 nodes, rolling, maxParallel 2 → [[a,b],[c,d],[e,f]];
 * 10 nodes, canary 20%, maxParallel 0 → [[a,b],[c..j]].
 */
export function planWaves(nodeIds: readonly string[], d: Deployment): string[][] {
  const total = nodeIds.length;
  if (total === 0) return [];
  if (d.strategy === "immediate") return [[...nodeIds]];
  const waves: string[][] = [];
  const canary = canarySize(total, d);
  if (canary > 0) waves.push(nodeIds.slice(0, canary));
  const rest = nodeIds.slice(canary);
  const size = Math.max(1, waveSize(rest.length, d));
  for (let i = 0; i < rest.length; i += size) waves.push(rest.slice(i, i + size));
  return waves;
}

/** How many failed nodes a rollout tolerates before it halts. */
export function failureBudget(totalNodes: number, d: Pick<Deployment, "maxFailedNodes" | "maxFailedNodesPercent">): number {
  return Math.min(d.maxFailedNodes, Math.floor((d.maxFailedNodesPercent * totalNodes) / 100));
}

export function budgetExceeded(failedNodes: number, totalNodes: number, d: Pick<Deployment, "maxFailedNodes" | "maxFailedNodesPercent">): boolean {
  return failedNodes > failureBudget(totalNodes, d);
}

export type RolloutKind = "create" | "update" | "restart" | "rollback";

/**
 * The version a halted rollout returns to. create: 0 (nothing to return to);
 * update and restart: the last version whose rollout completed; rollback: the
 * version being rolled back from (a rollback never rolls back automatically).
 */
export function rollbackToVersion(kind: RolloutKind, lastCompletedVersion: number | null, fromVersion: number): number {
  switch (kind) {
    case "create":
      return 0;
    case "update":
    case "restart":
      return lastCompletedVersion ?? 0;
    case "rollback":
      return fromVersion;
  }
}

export type Health = { state: "healthy"; stableAt: Date } | { state: "waiting"; until: Date } | { state: "failed"; reason: string };

/**
 * An execution is healthy once it has run continuously for minHealthyTime;
 * one not healthy by `deadline` after it was placed (or that ended) failed.
 */
export function executionHealth(
  e: { computeState: string; createdAt: Date; startedAt: Date | null },
  minHealthyMs: number,
  deadlineMs: number,
  now: Date,
): Health {
  const deadline = new Date(e.createdAt.getTime() + deadlineMs);
  if (["FAILED", "LOST", "STOPPED", "COMPLETE"].includes(e.computeState)) {
    return { state: "failed", reason: `execution ${e.computeState.toLowerCase()} during the health window` };
  }
  if (e.computeState === "RUNNING" && e.startedAt) {
    const stableAt = new Date(e.startedAt.getTime() + minHealthyMs);
    if (stableAt <= now) return { state: "healthy", stableAt };
    if (stableAt > deadline) return now >= deadline ? { state: "failed", reason: "not healthy by the deadline" } : { state: "waiting", until: deadline };
    return { state: "waiting", until: stableAt };
  }
  if (now >= deadline) return { state: "failed", reason: "not running by the deadline" };
  return { state: "waiting", until: deadline };
}
