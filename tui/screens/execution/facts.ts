import { ago, compactDuration, executionLabel } from "../../format.ts";
import type { TuiExecutionDetailQuery } from "../../../client/gql/graphql.ts";

export type ExecutionDetail = NonNullable<TuiExecutionDetailQuery["execution"]>;

/** "exit 1 · attempt 2 · v3 · on node-j1 · desired running": what an execution is, in one line. */
export function executionFacts(e: ExecutionDetail): string {
  return [
    e.exitCode === null ? "" : `exit ${e.exitCode}`,
    `attempt ${e.attempt}`,
    `v${e.jobVersion}`,
    `on ${e.nodeId}`,
    `desired ${e.desiredState.stateType.toLowerCase()}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** "created 5m ago · started 5m ago · ran 4s · ended 1m ago · stable": its timeline in one line. */
export function executionTimes(e: ExecutionDetail, now: number): string {
  const ran = e.startedAt ? compactDuration((e.finishedAt ? Date.parse(e.finishedAt) : now) - Date.parse(e.startedAt)) : null;
  return [
    `created ${ago(e.createdAt, now)}`,
    e.startedAt ? `started ${ago(e.startedAt, now)}` : "not started",
    ran ? `ran ${ran}` : "",
    e.finishedAt ? `ended ${ago(e.finishedAt, now)}` : "",
    e.stableAt ? "stable" : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** "previous e-1a2b (replaced)  next e-3c4d": the chain of replacements it belongs to. */
export function executionChain(e: ExecutionDetail): string {
  const parts = [e.previousExecutionId ? `[ previous ${executionLabel(e.previousExecutionId)}` : "", e.nextExecutionId ? `] next ${executionLabel(e.nextExecutionId)}` : ""];
  return parts.filter(Boolean).join("   ") || "first of its line, not replaced";
}

/** Details as "key: value" lines, the agent's compute details first, sorted by key. */
export function detailLines(e: ExecutionDetail): string[] {
  const all = { ...(e.details as Record<string, string>), ...(e.computeState.details as Record<string, string>) };
  return Object.keys(all)
    .sort()
    .map((k) => `${k}: ${all[k]}`);
}
