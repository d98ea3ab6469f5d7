import { isActiveCompute } from "../../../common/states.ts";

interface Ordered {
  id: string;
  createdAt: string;
  computeState: { stateType: string };
}

/** How many finished executions show under the active ones when not all of them do: the recent history. */
export const FINISHED_SHOWN = 3;

/**
 * Active executions first (newest first), then finished ones: all of them for
 * a batch or broadcast job (each is a run's work), the last few for a service
 * or a node, whose restarts would otherwise push the running ones off the screen.
 */
export function visibleExecutions<E extends Ordered>(all: E[], allFinished: boolean, finishedShown = FINISHED_SHOWN): E[] {
  const newest = (a: E, b: E) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
  const active = all.filter((e) => isActiveCompute(e.computeState.stateType)).sort(newest);
  const finished = all.filter((e) => !isActiveCompute(e.computeState.stateType)).sort(newest);
  return [...active, ...(allFinished ? finished : finished.slice(0, finishedShown))];
}
