/*
 * The state vocabulary every part of Drover shares: the server, the agent,
 * the terminal UI and the command line. The types come from the schema
 * (client/gql is generated from schema.graphql), so a state added there and
 * not sorted here fails the type check instead of being silently ignored.
 *
 * Imports nothing but generated types: the agent and the clients may use it
 * without pulling in server code.
 */
import type {
  ExecutionComputeStateType,
  ExecutionDesiredStateType,
  JobStateType,
  NodeState,
  RunState,
} from "../client/gql/graphql.ts";

export type ComputeState = ExecutionComputeStateType;
export type DesiredState = ExecutionDesiredStateType;
export type { JobStateType, NodeState, RunState };

/** Every key of a union, exactly once: a missing or unknown state is a type error. */
type Exhaustive<T extends string> = { readonly [K in T]: true };

const computeIsActive: { readonly [K in ComputeState]: boolean } = {
  PENDING: true,
  STARTING: true,
  RUNNING: true,
  DEGRADED: true,
  STOPPING: true,
  COMPLETE: false,
  FAILED: false,
  LOST: false,
  STOPPED: false,
};

/** An execution whose process may be alive (or is about to start): it holds a slot on its node. */
export const ACTIVE_COMPUTE_STATES = keysWhere(computeIsActive, true);
/** Absorbing: a late or replayed report never moves an execution out of these. */
export const TERMINAL_COMPUTE_STATES = keysWhere(computeIsActive, false);
export const COMPUTE_STATES = Object.keys(computeIsActive) as ComputeState[];

export function isActiveCompute(state: string): boolean {
  return computeIsActive[state as ComputeState] === true;
}
export function isTerminalCompute(state: string): boolean {
  return computeIsActive[state as ComputeState] === false;
}

const runIsActive: { readonly [K in RunState]: boolean } = {
  PENDING: true,
  QUEUED: true,
  RUNNING: true,
  SUCCEEDED: false,
  FAILED: false,
  PARTIAL_FAILURE: false,
  CANCELLED: false,
};

/** A run that has not ended: it may still place or hold executions. */
export const ACTIVE_RUN_STATES = keysWhere(runIsActive, true);
export const FINISHED_RUN_STATES = keysWhere(runIsActive, false);

export function isActiveRun(state: string): boolean {
  return runIsActive[state as RunState] === true;
}
export function isFinishedRun(state: string): boolean {
  return runIsActive[state as RunState] === false;
}

const desired: Exhaustive<DesiredState> = { PENDING: true, RUNNING: true, STOPPED: true };
export const DESIRED_STATES = Object.keys(desired) as DesiredState[];

const nodeStates: Exhaustive<NodeState> = { READY: true, DRAINING: true, DOWN: true };
export const NODE_STATES = Object.keys(nodeStates) as NodeState[];

const jobStates: Exhaustive<JobStateType> = {
  PENDING: true,
  QUEUED: true,
  DEPLOYING: true,
  RUNNING: true,
  ROLLOUT_PAUSED: true,
  ROLLOUT_FAILED: true,
  DEGRADED: true,
  COMPLETED: true,
  FAILED: true,
  STOPPED: true,
  DELETED: true,
};
export const JOB_STATES = Object.keys(jobStates) as JobStateType[];

/**
 * Whether an agent's report may move an execution from `from` to `to`.
 * Terminal states are absorbing: a replayed or late report never revives an
 * execution, and LOST (set by the server) is not overwritten by an agent that
 * comes back, because the work was already replaced elsewhere.
 */
export function canTransition(from: ComputeState, to: ComputeState): boolean {
  if (isTerminalCompute(from)) return false;
  return from !== to;
}

function keysWhere<K extends string>(table: { readonly [P in K]: boolean }, value: boolean): readonly K[] {
  return Object.freeze((Object.keys(table) as K[]).filter((k) => table[k] === value));
}

/** Live: active and still desired running. A stopped execution may still be ending, but no longer counts as running the job. */
export function isLive(e: { computeState: string; desiredState: string }): boolean {
  return isActiveCompute(e.computeState) && e.desiredState !== "STOPPED";
}
