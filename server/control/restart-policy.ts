import type { Execution } from "../db/client.ts";
import type { JobSpec } from "../spec/types.ts";
import { parseDuration } from "../../common/duration.ts";

export type RestartDecision = { retry: false; reason: string } | { retry: true; at: Date };

/**
 * Restart decision after an execution ended (pure): whether the policy
 * retries it, and when. `failures` counts consecutive failed attempts,
 * including this one. Backoff doubles from `backoff` up to `maxBackoff`:
 *   backoff 1s, maxBackoff 1m: 1s, 2s, 4s, ... 32s, 60s, 60s.
 */
export function restartDecision(
  spec: Pick<JobSpec, "restartPolicy">,
  last: Pick<Execution, "computeState" | "exitCode" | "finishedAt" | "updatedAt">,
  failures: number,
): RestartDecision {
  const p = spec.restartPolicy;
  const failed = last.computeState === "FAILED";
  if (p.policy === "never") return { retry: false, reason: "restart policy never" };
  if (p.policy === "on-failure" && !failed) return { retry: false, reason: "completed" };
  if (failed && p.retryExitCodes.length > 0 && (last.exitCode === null || !p.retryExitCodes.includes(last.exitCode))) {
    return { retry: false, reason: `exit code ${last.exitCode ?? "none"} is not in retryExitCodes` };
  }
  // `always` restarts long-running work forever (with backoff); retries are bounded otherwise.
  if (p.policy !== "always" && failures > p.maxRetries) return { retry: false, reason: `gave up after ${p.maxRetries} retries` };
  const base = parseDuration(p.backoff);
  const cap = parseDuration(p.maxBackoff);
  const wait = failed ? Math.min(cap, base * 2 ** Math.max(0, failures - 1)) : base;
  return { retry: true, at: new Date((last.finishedAt ?? last.updatedAt).getTime() + wait) };
}

/** Consecutive failed executions at the end of a history, oldest first. */
export function trailingFailures(history: readonly Pick<Execution, "computeState">[]): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0 && history[i].computeState === "FAILED"; i--) n++;
  return n;
}

/**
 * Failures of the node, not of the work: the same node would fail the same
 * way, so the work moves to another node (or fails at once when none can take
 * it) instead of being retried where it failed.
 */
export const NODE_FAILURE_CODES: ReadonlySet<string> = new Set(["NO_CONTAINER_RUNTIME"]);

export function failedForTheNode(e: Pick<Execution, "computeState" | "computeDetails">): boolean {
  const code = (e.computeDetails as Record<string, unknown> | null)?.code;
  return e.computeState === "FAILED" && typeof code === "string" && NODE_FAILURE_CODES.has(code);
}
