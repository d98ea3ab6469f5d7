/**
 * What the server accepts from an agent, as pure checks. An agent is a
 * program on another machine, with its own clock and its own bugs; a report
 * the rest of Drover would trip over later (a line numbered 0 breaks the
 * follow cursor, a sample from 1970 lands outside every chart, NaN cpu
 * poisons an average) is refused at the door, with the field at fault, and
 * nothing of the request is written.
 */
import type { FieldProblem } from "../errors.ts";
import { isTerminalCompute, type ComputeState } from "../../common/states.ts";

/** How far an agent's timestamps may be from the server's clock. */
export const REPORT_TIME_WINDOW = {
  /** Older than this is a broken clock, not a buffered report (log retention is 7 days by default). */
  pastMs: 30 * 24 * 3600_000,
  /** Ahead of the server by more than this is a broken clock, not skew. */
  futureMs: 3600_000,
};
/** 1 PiB: more memory than any process has; above it a sample is garbage. */
export const MAX_MEMORY_BYTES = 2 ** 50;
export const LOG_STREAMS = ["stdout", "stderr"] as const;

export interface LineFields {
  lineNo: number;
  stream: string;
  at: Date;
}

export interface SampleFields {
  sampleNo: number;
  at: Date;
  cpuCores: number;
  memoryBytes: number;
}

/** A problem with a timestamp, or null when it is within the window around `now`. */
export function timeProblem(at: Date, now: Date): string | null {
  const t = at.getTime();
  if (!Number.isFinite(t)) return "is not a valid time";
  if (t < now.getTime() - REPORT_TIME_WINDOW.pastMs) return `${at.toISOString()} is more than 30 days before the server's clock`;
  if (t > now.getTime() + REPORT_TIME_WINDOW.futureMs) return `${at.toISOString()} is more than an hour after the server's clock`;
  return null;
}

/** Every problem of a list of log lines; `field(i, name)` names line i's field as the client sent it. */
export function logLineProblems(lines: readonly LineFields[], now: Date, field: (i: number, name: string) => string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.lineNo) || l.lineNo < 1) problems.push({ field: field(i, "lineNo"), message: `must be an integer from 1, not ${l.lineNo}` });
    if (!(LOG_STREAMS as readonly string[]).includes(l.stream)) problems.push({ field: field(i, "stream"), message: `must be stdout or stderr, not "${l.stream}"` });
    const t = timeProblem(l.at, now);
    if (t) problems.push({ field: field(i, "at"), message: t });
  });
  return problems;
}

export function sampleProblems(samples: readonly SampleFields[], now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  samples.forEach((m, i) => {
    const f = (name: string) => `samples.${i}.${name}`;
    if (!Number.isInteger(m.sampleNo) || m.sampleNo < 1) problems.push({ field: f("sampleNo"), message: `must be an integer from 1, not ${m.sampleNo}` });
    const t = timeProblem(m.at, now);
    if (t) problems.push({ field: f("at"), message: t });
    if (!Number.isFinite(m.cpuCores) || m.cpuCores < 0) problems.push({ field: f("cpuCores"), message: `must be a finite number of cores, 0 or more, not ${m.cpuCores}` });
    if (!Number.isFinite(m.memoryBytes) || m.memoryBytes < 0 || m.memoryBytes > MAX_MEMORY_BYTES) {
      problems.push({ field: f("memoryBytes"), message: `must be a finite number of bytes from 0 to 2^50, not ${m.memoryBytes}` });
    }
  });
  return problems;
}

/** Progress of an execution: a report may move it forward (or between RUNNING and DEGRADED), never back. */
const RANK: Record<ComputeState, number> = {
  PENDING: 0,
  STARTING: 1,
  RUNNING: 2,
  DEGRADED: 2,
  STOPPING: 3,
  COMPLETE: 4,
  FAILED: 4,
  LOST: 4,
  STOPPED: 4,
};

/**
 * What a report of `to` does to an execution in `from`:
 * - `apply`: a move forward (or RUNNING ↔ DEGRADED);
 * - `refresh`: the same active state, perhaps with a new message or details;
 * - `ignore`: the execution already ended, and the agent says it ended too
 *   (terminal states are absorbing; LOST set by the server stays LOST);
 * - `refuse`: a move back (RUNNING → PENDING), or out of a terminal state.
 */
export type TransitionVerdict = "apply" | "refresh" | "ignore" | "refuse";

export function transitionVerdict(from: ComputeState, to: ComputeState): TransitionVerdict {
  if (isTerminalCompute(from)) return isTerminalCompute(to) ? "ignore" : "refuse";
  if (from === to) return "refresh";
  return RANK[to] >= RANK[from] ? "apply" : "refuse";
}

export function transitionProblem(from: ComputeState, to: ComputeState): string {
  return isTerminalCompute(from)
    ? `the execution is ${from}, which is final; it cannot become ${to}`
    : `an execution cannot go back from ${from} to ${to}`;
}
