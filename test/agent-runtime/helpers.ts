import { readFileSync } from "node:fs";
import {
  ProcessRunner,
  type ExecutionSpec,
  type LogLine,
  type ProcessRunnerOptions,
  type StateChange,
} from "../../agent/runtime/process-runner.ts";

/** Alive means it has a /proc entry and is not a zombie (PID 1 in a container may never reap). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf-8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

export async function waitFor(cond: () => boolean, timeoutMs = 3000, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
export function spec(over: Partial<ExecutionSpec>): ExecutionSpec {
  seq += 1;
  return { executionId: `exec-test${seq}`, jobId: "job-test", nodeId: "node-test", ...over };
}

/** Runs a spec with recording callbacks; `lines` and `states` fill as it goes. */
export function record(s: ExecutionSpec, opts: ProcessRunnerOptions = {}) {
  const lines: LogLine[] = [];
  const states: StateChange[] = [];
  const runner = new ProcessRunner(s, {
    killGraceMs: 500,
    ...opts,
    onLine: (l) => lines.push(l),
    onState: (c) => states.push(c),
  });
  const waitLine = (pattern: RegExp) => waitFor(() => lines.some((l) => pattern.test(l.text)));
  return { runner, lines, states, waitLine, texts: () => lines.map((l) => l.text) };
}
