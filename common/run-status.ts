/*
 * The osapi list's status vocabulary (seeds/broadcast-jobs-list.txt `status`:
 * submitted, processing, completed, failed, partial_failure) and how Drover's
 * run states read in it. Written once here; the server's filter, its
 * per-status counts and the clients all use this table.
 *
 * The seed has no word for a cancelled run: it never completed, so it reads
 * `failed`, with the cancellation in the run's `error`.
 */
import type { RunState } from "./states.ts";

export const RUN_STATUSES = ["submitted", "processing", "completed", "failed", "partial_failure"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const STATUS_OF: { readonly [K in RunState]: RunStatus } = {
  PENDING: "submitted",
  QUEUED: "submitted",
  RUNNING: "processing",
  SUCCEEDED: "completed",
  FAILED: "failed",
  PARTIAL_FAILURE: "partial_failure",
  CANCELLED: "failed",
};

/** The seed's status of a run in `state`. */
export function runStatusOf(state: RunState): RunStatus {
  return STATUS_OF[state];
}

/** Every Drover run state that reads as `status`, in the states' own order. */
export function runStatesOf(status: RunStatus): RunState[] {
  return (Object.keys(STATUS_OF) as RunState[]).filter((s) => STATUS_OF[s] === status);
}

export type RunStatusCounts = { [K in RunStatus]: number };

/** Per-status counts from per-state counts: every state lands in exactly one status. */
export function computeRunStatusCounts(byState: Iterable<{ state: RunState; count: number }>): RunStatusCounts {
  const counts = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as RunStatusCounts;
  for (const { state, count } of byState) counts[STATUS_OF[state]] += count;
  return counts;
}
