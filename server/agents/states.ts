/** Vocabulary of execution states shared by the reporting and scheduling code. */
export const TERMINAL_COMPUTE_STATES = ["COMPLETE", "FAILED", "LOST", "STOPPED"] as const;
export const ACTIVE_COMPUTE_STATES = ["PENDING", "STARTING", "RUNNING", "DEGRADED", "STOPPING"] as const;

export type ComputeState =
  | "PENDING"
  | "STARTING"
  | "RUNNING"
  | "DEGRADED"
  | "COMPLETE"
  | "FAILED"
  | "LOST"
  | "STOPPING"
  | "STOPPED";

export function isTerminal(state: string): boolean {
  return (TERMINAL_COMPUTE_STATES as readonly string[]).includes(state);
}

/**
 * Whether an agent's report may move an execution from `from` to `to`.
 * Terminal states are absorbing: a replayed or late report never revives an
 * execution, and LOST (set by the server) is not overwritten by an agent that
 * comes back, because the work was already replaced elsewhere.
 */
export function canTransition(from: ComputeState, to: ComputeState): boolean {
  if (isTerminal(from)) return false;
  if (from === to) return false;
  return true;
}
