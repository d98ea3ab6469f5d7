import type { TuiJobDetailQuery } from "../../../client/gql/graphql.ts";

export type JobDetail = NonNullable<TuiJobDetailQuery["job"]>;
export type Rollout = NonNullable<JobDetail["status"]["rollout"]>;

/** The rollout the screen shows: the one in progress, else the one that ended last (with its final state). */
export function shownRollout(job: JobDetail | null): Rollout | null {
  return job?.status.rollout ?? job?.status.lastRollout ?? null;
}

/** "service · rolling max 2 · health 30s within 5m · region=us-west · sleep 300": the spec in one line. */
export function specSummary(job: JobDetail): string {
  const s = job.spec;
  const d = s.deployment;
  const strategy =
    d.strategy === "ROLLING"
      ? `rolling max ${d.maxParallel ?? `${d.maxParallelPercent}%`}`
      : d.strategy === "CANARY"
        ? `canary ${d.canaryCount ?? `${d.canaryPercent}%`}${d.autoPromote ? " auto-promote" : ""}`
        : "immediate";
  const health = d.healthCheck && d.strategy !== "IMMEDIATE" ? `health ${d.healthCheck.minHealthyTime} within ${d.healthCheck.deadline}` : "";
  const selector = [
    ...Object.entries(s.selector.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...s.selector.matchExpressions,
    ...(s.selector.matchIds.length ? [`ids ${s.selector.matchIds.join(",")}`] : []),
  ].join(",");
  const what = s.image ? `image ${s.image}` : s.command ?? (s.args ? s.args.join(" ") : "");
  const schedule = s.schedule ? `cron "${s.schedule}" ${s.timeZone} ${s.overlapPolicy}${job.status.scheduleSuspended ? " suspended" : ""}` : "";
  return [job.type.toLowerCase(), strategy, health, selector || "all nodes", schedule, what].filter(Boolean).join(" · ");
}

/** "update v2→v3 · rolling": the rollout's title. */
export function rolloutTitle(r: Rollout): string {
  return `${r.type.toLowerCase()} v${r.fromVersion}→v${r.toVersion} · ${r.strategy}`;
}

/** The version a rollback would go to, when the screen knows it. */
export function rollbackTarget(job: JobDetail): number | null {
  const r = shownRollout(job);
  if (r && r.rollbackToVersion > 0 && r.rollbackToVersion !== job.status.version) return r.rollbackToVersion;
  return null;
}

/** The placement explanation of a BLOCKED evaluation: its sentence, then each filtering step. */
export function placementLines(placement: unknown): string[] {
  if (!placement || typeof placement !== "object") return [];
  const p = placement as { sentence?: string; steps?: { check?: string; term?: string; filteredOut?: number; remaining?: number }[] };
  const lines = p.sentence ? [p.sentence] : [];
  for (const step of p.steps ?? []) {
    lines.push(`  ${step.check ?? "?"}${step.term ? ` ${step.term}` : ""}: ${step.filteredOut ?? 0} filtered out, ${step.remaining ?? 0} left`);
  }
  return lines;
}

/**
 * The placement explanation still in force: the newest evaluation that
 * finished decides. A BLOCKED one says why something is not placed; a later
 * COMPLETE one (after a relabel, a node joining, a new version) means it was
 * placed, so an older BLOCKED one no longer applies.
 */
export function currentBlock<E extends { status: string; createdAt: string }>(evaluations: E[]): E | null {
  const decided = evaluations.filter((e) => e.status === "BLOCKED" || e.status === "COMPLETE");
  const newest = decided.reduce<E | null>((a, e) => (!a || e.createdAt >= a.createdAt ? e : a), null);
  return newest?.status === "BLOCKED" ? newest : null;
}
