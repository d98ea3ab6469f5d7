import type { TuiEventsExecutionSubscription, TuiEventsJobSubscription, TuiEventsRolloutSubscription } from "../../../client/gql/graphql.ts";
import { executionLabel } from "../../format.ts";
import { executionMessage } from "../execution/message.ts";
import type { Tone } from "../../theme.ts";

/** One line of a job's events, as kubectl describe lists them: what, when, and the words. */
export interface JobEventRow {
  seq: number;
  at: string;
  type: string;
  /** What it is about: "job", "e-7f3a on node-a", "rollout v2→v3". */
  object: string;
  message: string;
  tone: Tone;
  /** Set for an execution's event: Enter opens that execution. */
  executionId?: string;
}

/** Events kept per screen: the newest. */
export const MAX_EVENTS = 500;

/** Adds an event, newest first, once per seq (a replay after a reconnect adds nothing twice). */
export function addEvent(rows: readonly JobEventRow[], e: JobEventRow): JobEventRow[] {
  if (rows.some((r) => r.seq === e.seq)) return rows as JobEventRow[];
  const next = [...rows, e].sort((a, b) => b.seq - a.seq);
  return next.length > MAX_EVENTS ? next.slice(0, MAX_EVENTS) : next;
}

const BAD = /FAILED|LOST|DOWN/;
const toneOf = (state: string): Tone => (BAD.test(state) ? "bad" : "plain");
const word = (type: string, prefix: string) => type.replace(prefix, "").toLowerCase().replace(/_/g, " ");

export function jobEventRow(d: TuiEventsJobSubscription["jobEvents"]): JobEventRow {
  const message = d.job?.status.state.message ?? "";
  return { seq: d.seq, at: d.at, type: word(d.type, "JOB_"), object: `job v${d.version}`, message: [d.state, message].filter(Boolean).join(": "), tone: toneOf(d.state) };
}

export function executionEventRow(d: TuiEventsExecutionSubscription["executionEvents"]): JobEventRow {
  const e = d.execution;
  const state = e.computeState.stateType;
  const exit = e.exitCode === null ? "" : ` (exit ${e.exitCode})`;
  const message = executionMessage(e);
  return {
    seq: d.seq,
    at: d.at,
    type: word(d.type, "EXECUTION_"),
    object: `${executionLabel(e.id)} on ${e.nodeId.replace(/^node-/, "")}`,
    // The desired state only when the server wants it elsewhere (a stop), where it explains the event.
    message: `${state}${exit}${e.desiredState.stateType === "STOPPED" && state !== "STOPPED" ? " (stopping)" : ""}${message ? `: ${message}` : ""}`,
    tone: toneOf(state),
    executionId: e.id,
  };
}

export function rolloutEventRow(d: TuiEventsRolloutSubscription["rolloutEvents"]): JobEventRow {
  const r = d.rollout;
  return {
    seq: d.seq,
    at: d.at,
    type: word(d.type, "ROLLOUT_"),
    object: `rollout v${r.fromVersion}→v${r.toVersion}`,
    // The rollout's own message already names the wave ("wave 2 of 3: 1 of 3 nodes updated").
    message: `${r.state}: ${r.message || `wave ${r.currentWave} of ${r.totalWaves}`}`,
    tone: toneOf(r.state),
  };
}

/** The seq from which the event log still has events, when a replay asked for older ones than retention kept. */
export function resyncFrom(message: string): number | null {
  const m = /up to seq (\d+) were removed/.exec(message);
  return m ? Number(m[1]) : null;
}
