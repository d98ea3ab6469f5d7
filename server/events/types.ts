import { inWorkspace } from "../../common/namespaces.ts";

/** Event types written to the replay log. Subscriptions filter on these. */
export type EventType =
  | "JOB_SUBMITTED"
  | "JOB_UPDATED"
  | "JOB_RESTARTED"
  | "JOB_STOPPED"
  | "JOB_STARTED"
  | "JOB_DELETED"
  | "JOB_STATE_CHANGED"
  | "JOB_CRON_FIRED"
  | "JOB_SCHEDULE_SUSPENDED"
  | "JOB_SCHEDULE_RESUMED"
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
  /** Events of this workspace and all of its projects. */
  workspace?: string;
  namespace?: string;
  jobId?: string;
  executionId?: string;
  runId?: string;
  nodeId?: string;
  rolloutId?: string;
}

/** The id fields an EventFilter can pin; each is a column of the Event table too. */
export const FILTER_FIELDS = ["namespace", "jobId", "executionId", "runId", "nodeId", "rolloutId"] as const;

export function matchesFilter(e: StoredEvent, f: EventFilter): boolean {
  if (f.types && !f.types.includes(e.type)) return false;
  if (f.workspace !== undefined && !inWorkspace(e.namespace, f.workspace)) return false;
  return FILTER_FIELDS.every((k) => f[k] === undefined || e[k] === f[k]);
}
