import { isActiveCompute } from "../../../common/states.ts";

/** What the tables show of an execution's state. */
export interface ExecutionStateLike {
  computeState: { stateType: string; message: string };
  desiredState: { stateType: string; message: string };
}

/**
 * The one line that says why an execution is where it is: the agent's message
 * (an exit, a probe failure, a missing runtime), or, for one the server
 * stopped or is stopping, the server's reason ("replaced by v3", "node
 * drained"), which is where a stop is explained.
 */
export function executionMessage(e: ExecutionStateLike): string {
  const stopping = e.desiredState.stateType === "STOPPED";
  const compute = e.computeState.message.trim();
  const desired = e.desiredState.message.trim();
  if (stopping && desired && (!compute || e.computeState.stateType === "STOPPED" || isActiveCompute(e.computeState.stateType))) return desired;
  return compute || desired;
}
