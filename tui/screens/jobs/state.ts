import { filterTest } from "../../state/filter.ts";
import type { TuiJobRowFragment } from "../../../client/gql/graphql.ts";

export type JobRow = TuiJobRowFragment;

export type JobsEvent =
  | { seq: number; kind: "job"; type: string; jobId: string; job: JobRow }
  | { seq: number; kind: "touched"; jobId: string }
  | { seq: number; kind: "refreshed"; job: JobRow | null; jobId: string };

export interface JobsState {
  byId: Map<string, JobRow>;
  /** Jobs whose runs or executions changed since their row was last read. */
  stale: Set<string>;
}

export const emptyJobs = (): JobsState => ({ byId: new Map(), stale: new Set() });

export function jobsFrom(rows: JobRow[]): JobsState {
  return { byId: new Map(rows.map((r) => [r.id, r])), stale: new Set() };
}

/** Applies one change to the jobs table. Pure: returns a new state. */
export function reduceJobs(state: JobsState, e: JobsEvent): JobsState {
  switch (e.kind) {
    case "job": {
      const byId = new Map(state.byId);
      if (e.type === "JOB_DELETED") byId.delete(e.jobId);
      else byId.set(e.jobId, e.job);
      return { ...state, byId };
    }
    case "touched": {
      if (!state.byId.has(e.jobId) || state.stale.has(e.jobId)) return state;
      return { ...state, stale: new Set(state.stale).add(e.jobId) };
    }
    case "refreshed": {
      const byId = new Map(state.byId);
      const stale = new Set(state.stale);
      stale.delete(e.jobId);
      if (e.job) byId.set(e.jobId, e.job);
      else byId.delete(e.jobId);
      return { byId, stale };
    }
  }
}

export type SortKey = "name" | "state" | "type" | "updated";
export const SORT_KEYS: SortKey[] = ["name", "state", "type", "updated"];

/** States that want attention first when sorting by state. */
const STATE_RANK: Record<string, number> = {
  ROLLOUT_FAILED: 0,
  FAILED: 1,
  DEGRADED: 2,
  ROLLOUT_PAUSED: 3,
  DEPLOYING: 4,
  PENDING: 5,
  QUEUED: 6,
  RUNNING: 7,
  COMPLETED: 8,
  STOPPED: 9,
};

/** The rows to show: filtered (substring or /regex/, smartcase) on namespace/name, type and state, then sorted. */
export function visibleJobs(state: JobsState, filter: string, sort: SortKey): JobRow[] {
  const matches = filterTest(filter);
  const rows = [...state.byId.values()].filter((j) => matches(`${j.namespace}/${j.name} ${j.type.toLowerCase()} ${j.status.state.stateType}`));
  const byName = (a: JobRow, b: JobRow) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
  const cmp: Record<SortKey, (a: JobRow, b: JobRow) => number> = {
    name: byName,
    state: (a, b) => (STATE_RANK[a.status.state.stateType] ?? 50) - (STATE_RANK[b.status.state.stateType] ?? 50) || byName(a, b),
    type: (a, b) => a.type.localeCompare(b.type) || byName(a, b),
    updated: (a, b) => b.status.updatedAt.localeCompare(a.status.updatedAt) || byName(a, b),
  };
  return rows.sort(cmp[sort]);
}

/** Job types that run to completion and can be triggered by hand. */
export const TRIGGERABLE = new Set(["BATCH", "OPS", "QUERY", "UPDATE", "CONFIG"]);
