/** Event types written to the replay log. Subscriptions filter on these. */
export type EventType =
  | "JOB_SUBMITTED"
  | "JOB_UPDATED"
  | "JOB_RESTARTED"
  | "JOB_STOPPED"
  | "JOB_STARTED"
  | "JOB_DELETED"
  | "JOB_STATE_CHANGED"
  | "NODE_REGISTERED"
  | "NODE_UPDATED"
  | "NODE_STATE_CHANGED"
  | "EXECUTION_CREATED"
  | "EXECUTION_STATE_CHANGED"
  | "EXECUTION_DESIRED_CHANGED"
  | "EVALUATION_UPDATED"
  | "ROLLOUT_STARTED"
  | "ROLLOUT_WAVE_STARTED"
  | "ROLLOUT_UPDATED"
  | "ROLLOUT_COMPLETED"
  | "RUN_CREATED"
  | "RUN_STATE_CHANGED";

/** What a writer hands to appendEvents: the ids it concerns and the object after the change. */
export interface NewEvent {
  type: EventType;
  namespace?: string | null;
  jobId?: string | null;
  executionId?: string | null;
  runId?: string | null;
  nodeId?: string | null;
  rolloutId?: string | null;
  snapshot: unknown;
}

/** An event as read back from the log. `seq` is a number: safe up to 2^53. */
export interface StoredEvent {
  seq: number;
  at: Date;
  type: EventType;
  namespace: string | null;
  jobId: string | null;
  executionId: string | null;
  runId: string | null;
  nodeId: string | null;
  rolloutId: string | null;
  snapshot: unknown;
}

/** Which events a subscriber wants; every given field must match. */
export interface EventFilter {
  types?: readonly EventType[];
  namespace?: string;
  jobId?: string;
  executionId?: string;
  runId?: string;
  nodeId?: string;
  rolloutId?: string;
}

export function matchesFilter(e: StoredEvent, f: EventFilter): boolean {
  if (f.types && !f.types.includes(e.type)) return false;
  if (f.namespace !== undefined && e.namespace !== f.namespace) return false;
  if (f.jobId !== undefined && e.jobId !== f.jobId) return false;
  if (f.executionId !== undefined && e.executionId !== f.executionId) return false;
  if (f.runId !== undefined && e.runId !== f.runId) return false;
  if (f.nodeId !== undefined && e.nodeId !== f.nodeId) return false;
  if (f.rolloutId !== undefined && e.rolloutId !== f.rolloutId) return false;
  return true;
}
