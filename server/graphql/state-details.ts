/**
 * The `details` maps of the executions seed ("structured metadata about the
 * current execution state, e.g. error codes, hints, component info"), read
 * from what the rows already hold: the agent's report (computeDetails: its
 * code, e.g. NO_COMMAND, NONZERO_EXIT, SIGNALED), the exit code, and the
 * scheduler's words for why it wants an execution where it is (desiredMessage).
 *
 * Keys: `code` (machine-readable), `component` (agent or scheduler: who said
 * so), `hint` (what an operator can do), then facts (exitCode, signal,
 * attempt, failedCheck/failedTerm). Values are strings, as the seeds' map is.
 */
import type { Execution } from "../db/client.ts";

type Details = Record<string, string>;

/** What an operator can do about each code; codes without a useful hint have none. */
const HINTS: Record<string, string> = {
  NO_COMMAND: "give the job spec a command (a shell string) or args (an argv list)",
  INVALID_COMMAND: "give command or args, not both, and a non-empty program in args[0]",
  SPAWN_FAILED: "check that the program exists on the node and that the working directory can be created",
  NONZERO_EXIT: "the process failed: its logs say why (drover logs <job>)",
  SIGNALED: "the process was killed by a signal: out of memory, or ended from outside Drover",
  EXECUTION_TIMEOUT: "the work ran longer than timeouts.executionTimeout: raise it or shorten the work",
  NO_CONTAINER_RUNTIME: "the node has no container runtime for the job's image: install one, or select nodes that have one",
  AGENT_RESTARTED: "the agent restarted while the process ran; the scheduler replaces it per the restart policy",
  NODE_LOST: "the node stopped heartbeating; the scheduler replaces the work on another node",
  AGENT_TIMEOUT: "the agent did not answer in time; check the node's agent (drover node ls)",
  QUEUE_TIMEOUT: "no node could take the run in timeouts.queueTimeout: free capacity or widen the selector",
  TOTAL_TIMEOUT: "the run took longer than timeouts.totalTimeout",
  SELECTOR_MISMATCH: "the node's labels no longer match the job's selector",
  NODE_DRAINING: "the node is draining: its work moves elsewhere",
  NO_TARGET_NODES: "no node passes the placement check named in failedCheck: relabel a node, or change the selector",
  WAITING_FOR_CAPACITY: "every matching node is full: it places when one frees up or joins",
  NODES_FULL: "every matching node is full: add nodes or lower the job's footprint",
  RESTARTS_EXHAUSTED: "the executions kept failing past restartPolicy.maxRetries: their logs say why",
  ROLLOUT_FAILED: "the rollout halted: roll back (drover job rollback) or apply a fixed version",
};

const AGENT_CODES = new Set(["NO_COMMAND", "INVALID_COMMAND", "SPAWN_FAILED", "NONZERO_EXIT", "SIGNALED", "EXECUTION_TIMEOUT", "NO_CONTAINER_RUNTIME", "AGENT_RESTARTED"]);

function withHint(details: Details): Details {
  const hint = details.code ? HINTS[details.code] : undefined;
  return hint && !details.hint ? { ...details, hint } : details;
}

function strings(v: unknown): Details {
  if (!v || typeof v !== "object") return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, String(x)]));
}

/** The scheduler's stop and loss reasons, as written to desiredMessage and computeMessage, by code. */
const STOP_REASONS: [RegExp, string][] = [
  [/^run ended$/, "RUN_ENDED"],
  [/^job stopped$/, "JOB_STOPPED"],
  [/^job deleted$/, "JOB_DELETED"],
  [/^total timeout/, "TOTAL_TIMEOUT"],
  [/^queue timeout/, "QUEUE_TIMEOUT"],
  [/^node draining$/, "NODE_DRAINING"],
  [/^node down$/, "NODE_LOST"],
  [/stopped heartbeating|^node \S+ is gone$/, "NODE_LOST"],
  [/^node no longer matches the selector$/, "SELECTOR_MISMATCH"],
  [/^duplicate execution on the node$/, "DUPLICATE"],
  [/^replaced/, "REPLACED"],
  [/^timeout: agent did not respond$/, "AGENT_TIMEOUT"],
];

/** Why the scheduler placed an execution, by code. */
const PLACE_REASONS: [RegExp, string][] = [
  [/^placed$/, "PLACED"],
  [/^broadcast$/, "BROADCAST"],
  [/^update to v\d+$/, "UPDATE"],
  [/^restart/, "RESTART"],
  [/^retry/, "RETRY"],
  [/^moved from lost node/, "MOVED_FROM_LOST_NODE"],
  [/^moved from/, "MOVED_FROM_INFEASIBLE_NODE"],
  [/^replaced$/, "REPLACEMENT"],
];

function codeOf(table: [RegExp, string][], message: string): string | null {
  for (const [re, code] of table) if (re.test(message)) return code;
  return null;
}

/** desiredState.details: why the scheduler wants the execution running or stopped. */
export function desiredStateDetails(e: Pick<Execution, "desiredState" | "desiredMessage" | "attempt">): Details {
  if (e.desiredState === "STOPPED") {
    return withHint({ code: codeOf(STOP_REASONS, e.desiredMessage) ?? "STOP_REQUESTED", component: "scheduler" });
  }
  const code = codeOf(PLACE_REASONS, e.desiredMessage);
  return { ...(code ? { code } : {}), component: "scheduler", attempt: String(e.attempt) };
}

/**
 * Execution.details: the current state's code and hint with its facts. A
 * failure's code is the agent's (NO_COMMAND, NONZERO_EXIT, ...); a loss's the
 * scheduler's; a running or finished execution has no code.
 */
export function executionDetails(
  e: Pick<Execution, "computeState" | "computeMessage" | "computeDetails" | "details" | "exitCode" | "attempt" | "nodeId">,
): Details {
  const reported = strings(e.computeDetails);
  const out: Details = { ...strings(e.details), ...reported, nodeId: e.nodeId, attempt: String(e.attempt) };
  if (e.exitCode !== null) out.exitCode = String(e.exitCode);
  if (reported.code) out.component = AGENT_CODES.has(reported.code) ? "agent" : "scheduler";
  else if (e.computeState === "LOST") {
    out.code = codeOf(STOP_REASONS, e.computeMessage) ?? "NODE_LOST";
    out.component = "scheduler";
  } else if (e.computeState === "FAILED") {
    out.code = e.exitCode !== null && e.exitCode !== 0 ? "NONZERO_EXIT" : "FAILED";
    out.component = "agent";
  }
  return withHint(out);
}

interface PlacementStepLike {
  check?: string;
  term?: string;
  filteredOut?: number;
  remaining?: number;
}

/**
 * JobState.details: the scheduler's code (stateDetails) with a hint, and for
 * a job not placed, the placement step that left no node (`failedCheck`,
 * `failedTerm`), from the explanation of the evaluation that could not place.
 */
export function jobStateDetails(stateDetails: unknown, placement: unknown): Details {
  const out = strings(stateDetails);
  const steps = (placement as { steps?: PlacementStepLike[] } | null)?.steps;
  if (out.code && Array.isArray(steps)) {
    const failed = steps.find((s) => s.remaining === 0 && (s.filteredOut ?? 0) > 0) ?? steps.find((s) => s.remaining === 0);
    if (failed?.check) {
      out.failedCheck = failed.check;
      if (failed.term) out.failedTerm = failed.term;
    }
  }
  return withHint(out);
}

/** Job state codes whose details name a failed placement step. */
export const PLACEMENT_CODES = new Set(["NO_TARGET_NODES", "WAITING_FOR_CAPACITY", "NODES_FULL"]);
