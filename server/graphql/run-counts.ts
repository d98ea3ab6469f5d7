/** A job's runs counted by state, as the job status shows them. */
export interface RunCounts {
  pending: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  partialFailure: number;
  cancelled: number;
  total: number;
}

const KEY: Record<string, keyof RunCounts> = {
  PENDING: "pending",
  QUEUED: "queued",
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  PARTIAL_FAILURE: "partialFailure",
  CANCELLED: "cancelled",
};

export function emptyRunCounts(): RunCounts {
  return { pending: 0, queued: 0, running: 0, succeeded: 0, failed: 0, partialFailure: 0, cancelled: 0, total: 0 };
}

/** Adds `count` runs in `state` to the counts. */
export function countRunStates(counts: RunCounts, state: string, count: number): void {
  counts[KEY[state]] += count;
  counts.total += count;
}
