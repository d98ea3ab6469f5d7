import type { JobStateType, RunState } from "../../common/states.ts";
import type { RolloutKind } from "../rollouts/plan.ts";
import type { Resources } from "../spec/resources.ts";

/*
 * The scheduler's plan: everything one pass decided for one job, in the terms
 * the applier writes. `decide` (pure) returns it; `applyPlan` is the only code
 * that turns it into rows. Nothing else changes what runs.
 */

export interface PlaceOp {
  nodeId: string;
  jobVersion: number;
  runId: string | null;
  attempt: number;
  previousExecutionId: string | null;
  reason: string;
  /** What the execution reserves on the node (its version's resource requests); absent: nothing. */
  reserves?: Resources;
}

/** Every stop says why; the reason becomes the execution's desired message. */
export interface StopOp {
  executionId: string;
  reason: string;
}

/** An execution that keeps running as it is under a newer version whose change did not touch what runs. */
export interface RetagOp {
  executionId: string;
  jobVersion: number;
}

export interface RunOp {
  runId: string;
  state: Exclude<RunState, "PENDING">;
  message: string;
  error?: string | null;
  exitCode?: number | null;
  /** Why it failed, for the job's state details when no more specific run outcome applies (INSUFFICIENT_RESOURCES). */
  code?: string;
  /** The resource a run failed for, beside `code`. */
  resource?: "cpu" | "memory";
}

export interface JobStateOp {
  state: JobStateType;
  message: string;
  /** Structured reason (a code and what the user can do), shown beside the message. */
  details?: Record<string, string>;
}

/** A rollout the scheduler starts: waves planned over the targets it saw in the same pass. */
export interface RolloutStart {
  kind: RolloutKind;
  strategy: string;
  fromVersion: number;
  toVersion: number;
  waves: string[][];
  rollbackToVersion: number;
  message: string;
}

/** The running rollout after this pass. */
export interface RolloutProgress {
  id: string;
  state: "RUNNING" | "PAUSED" | "SUCCEEDED" | "FAILED";
  currentWave: number;
  updatedNodes: number;
  failedNodes: number;
  canaryPromoted: boolean;
  /** Moved up when a newer version changed nothing that runs: the rollout carries on for it. */
  toVersion: number;
  message: string;
  completed: boolean;
  waveStarted: boolean;
}

/** The fields of a rollout row that a pass may move. */
export const ROLLOUT_PROGRESS_FIELDS = ["state", "currentWave", "updatedNodes", "failedNodes", "canaryPromoted", "toVersion", "message"] as const;

export interface Plan {
  place: PlaceOp[];
  stop: StopOp[];
  /** Executions the server gives up on (their node is gone, or never acknowledged). */
  lost: StopOp[];
  retag: RetagOp[];
  runs: RunOp[];
  job: JobStateOp | null;
  /** Structured placement explanation and its sentence, when not everything was placed. */
  explanation: { steps: unknown; sentence: string } | null;
  /** When the job needs another look (restart backoff, a deadline, the next rollout step). */
  followUpAt: Date | null;
  startRollout: RolloutStart | null;
  rollout: RolloutProgress | null;
  /** Executions that just passed their health window. */
  stable: string[];
  /** A halted rollout rolls back: the applier writes this version's spec as a new version. */
  rollbackTo: number | null;
  /** Why the rollback happens, for the new rollout's message. */
  rollbackReason: string | null;
  /** A deleted job whose processes have all ended: remove its rows. */
  purge: boolean;
}

export function emptyPlan(): Plan {
  return {
    place: [],
    stop: [],
    lost: [],
    retag: [],
    runs: [],
    job: null,
    explanation: null,
    followUpAt: null,
    startRollout: null,
    rollout: null,
    stable: [],
    rollbackTo: null,
    rollbackReason: null,
    purge: false,
  };
}

export function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
