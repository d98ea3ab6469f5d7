import type { Execution, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError, validationError, type FieldProblem } from "../errors.ts";
import { newId } from "../ids.ts";
import { appendEvents, toJson } from "../events/log.ts";
import type { NewEvent } from "../events/types.ts";
import { createEvaluation } from "../jobs/evaluation.ts";
import { isTerminalCompute as isTerminal, type ComputeState } from "../../common/states.ts";
import { timeProblem, transitionProblem, transitionVerdict } from "./report-checks.ts";

/** One execution's state as an agent reports it. */
export interface ExecutionReport {
  executionId: string;
  /**
   * Rises with every report the agent makes for this execution. A report whose
   * counter is not above the stored one was already applied (a resend after a
   * reconnect) and changes nothing.
   */
  counter: number;
  computeState: ComputeState;
  message?: string | null;
  exitCode?: number | null;
  details?: Record<string, string> | null;
  /** Broadcast answer read from DROVER_RESULT_FILE. */
  result?: unknown;
  changed?: boolean | null;
  at?: Date | null;
}

export interface ReportOutcome {
  executionId: string;
  applied: boolean;
  /** What the server wants now; the agent stops the execution when this is STOPPED. */
  desiredState: string;
}

/** Timeline names of the broadcast seed for the states an agent reports. */
const TIMELINE_EVENT: Partial<Record<ComputeState, string>> = {
  STARTING: "acknowledged",
  RUNNING: "started",
  COMPLETE: "completed",
  FAILED: "failed",
  STOPPED: "failed",
};

/**
 * Applies an agent's execution reports for its own node, each in order, each
 * idempotent by counter. A terminal report queues an evaluation so the
 * scheduler can restart, retry or finish the run.
 */
export async function reportExecutions(s: Services, nodeId: string, reports: ExecutionReport[]): Promise<ReportOutcome[]> {
  await checkReports(s, nodeId, reports);
  const outcomes: ReportOutcome[] = [];
  for (const r of reports) outcomes.push(await applyReport(s, nodeId, r));
  return outcomes;
}

/**
 * Refuses the whole request, before anything is written, when a report is
 * malformed or moves its execution backwards (RUNNING → PENDING) or out of
 * a terminal state. Reports are walked in order, so [RUNNING, COMPLETE] for
 * one execution is checked as the two steps it is. A resend (a counter
 * already applied) is never an error.
 */
async function checkReports(s: Services, nodeId: string, reports: ExecutionReport[]): Promise<void> {
  const now = s.clock.now();
  const problems: FieldProblem[] = [];
  reports.forEach((r, i) => {
    if (!Number.isInteger(r.counter) || r.counter < 1) problems.push({ field: `reports.${i}.counter`, message: `must be an integer from 1, not ${r.counter}` });
    const t = r.at ? timeProblem(r.at, now) : null;
    if (t) problems.push({ field: `reports.${i}.at`, message: t });
  });
  if (problems.length) throw validationError(problems);
  const ids = [...new Set(reports.map((r) => r.executionId))];
  const rows = await s.db.prisma.execution.findMany({ where: { id: { in: ids }, nodeId }, select: { id: true, computeState: true, reportCounter: true } });
  const current = new Map(rows.map((r) => [r.id, { state: r.computeState as ComputeState, counter: r.reportCounter }]));
  reports.forEach((r, i) => {
    const c = current.get(r.executionId);
    if (!c || r.counter <= c.counter) return; // unknown here (the apply step answers), or a resend
    const verdict = transitionVerdict(c.state, r.computeState);
    if (verdict === "refuse") problems.push({ field: `reports.${i}.computeState`, message: transitionProblem(c.state, r.computeState) });
    else current.set(r.executionId, { state: verdict === "apply" ? r.computeState : c.state, counter: r.counter });
  });
  if (problems.length) throw validationError(problems);
}

async function applyReport(s: Services, nodeId: string, r: ExecutionReport): Promise<ReportOutcome> {
  const now = s.clock.now();
  const result = await s.db.prisma.$transaction(async (tx) => {
    const ex = await tx.execution.findUnique({ where: { id: r.executionId } });
    if (!ex) {
      // The job may have been deleted; tell the agent to stop what it runs.
      return { outcome: { executionId: r.executionId, applied: false, desiredState: "STOPPED" }, seq: null };
    }
    if (ex.nodeId !== nodeId) {
      throw new DroverError("FORBIDDEN", `execution ${ex.id} is not placed on ${nodeId}`, { field: "executionId" });
    }
    const notApplied = { outcome: { executionId: ex.id, applied: false, desiredState: ex.desiredState }, seq: null };
    if (r.counter <= ex.reportCounter) return notApplied; // already applied: a resend
    const verdict = transitionVerdict(ex.computeState as ComputeState, r.computeState);
    const sameNews = (r.message ?? "") === ex.computeMessage && JSON.stringify(r.details ?? {}) === JSON.stringify(ex.computeDetails ?? {});
    if (verdict === "refuse" || verdict === "ignore" || (verdict === "refresh" && sameNews)) {
      // Refused only if the execution moved since checkReports looked (the server marked it LOST meanwhile).
      await tx.execution.update({ where: { id: ex.id }, data: { reportCounter: r.counter } });
      return notApplied;
    }
    if (verdict === "refresh") {
      // The same state with news (a count of dropped log lines, a probe's new message): no timeline step, no evaluation.
      const updated = await tx.execution.update({
        where: { id: ex.id },
        data: {
          computeMessage: r.message ?? "",
          computeDetails: (r.details ?? {}) as Prisma.InputJsonValue,
          reportCounter: r.counter,
          revision: ex.revision + 1,
          updatedAt: now,
        },
      });
      const [seq] = await appendEvents(tx, s, [
        { type: "EXECUTION_STATE_CHANGED", namespace: ex.namespace, jobId: ex.jobId, executionId: ex.id, runId: ex.runId, nodeId: ex.nodeId, snapshot: updated },
      ]);
      return { outcome: { executionId: ex.id, applied: true, desiredState: updated.desiredState }, seq };
    }
    const terminal = isTerminal(r.computeState);
    const updated = await tx.execution.update({
      where: { id: ex.id },
      data: {
        computeState: r.computeState,
        computeMessage: r.message ?? "",
        computeDetails: (r.details ?? {}) as Prisma.InputJsonValue,
        exitCode: r.exitCode ?? ex.exitCode,
        reportCounter: r.counter,
        revision: ex.revision + 1,
        startedAt: r.computeState === "RUNNING" && !ex.startedAt ? (r.at ?? now) : ex.startedAt,
        finishedAt: terminal ? (r.at ?? now) : ex.finishedAt,
        updatedAt: now,
      },
    });
    const events: NewEvent[] = [
      {
        type: "EXECUTION_STATE_CHANGED",
        namespace: ex.namespace,
        jobId: ex.jobId,
        executionId: ex.id,
        runId: ex.runId,
        nodeId: ex.nodeId,
        snapshot: updated,
      },
    ];
    if (ex.runId) await recordTimeline(tx, s, updated, r);
    // Health changes too: a DEGRADED execution makes its job DEGRADED, and a rollout may be waiting on it.
    if (terminal || r.computeState === "RUNNING" || r.computeState === "DEGRADED") {
      const job = await tx.job.findUnique({ where: { id: ex.jobId } });
      if (job) await createEvaluation(tx, s.clock, job, "node-update", ex.runId);
    }
    const [seq] = await appendEvents(tx, s, events);
    return { outcome: { executionId: ex.id, applied: true, desiredState: updated.desiredState }, seq };
  });
  if (result.seq !== null) s.bus.publish(result.seq);
  return result.outcome;
}

async function recordTimeline(tx: Prisma.TransactionClient, s: Services, ex: Execution, r: ExecutionReport) {
  const event = TIMELINE_EVENT[r.computeState];
  if (!event) return;
  const node = await tx.node.findUnique({ where: { id: ex.nodeId }, select: { hostname: true } });
  const failed = event === "failed";
  await tx.runTimelineEvent.create({
    data: {
      id: newId("timeline", s.clock.now()),
      runId: ex.runId!,
      nodeId: ex.nodeId,
      executionId: ex.id,
      hostname: node?.hostname ?? null,
      event,
      message: r.message ?? "",
      error: failed ? r.message || `exit code ${r.exitCode ?? "unknown"}` : null,
      data: r.result === undefined ? undefined : toJson(r.result),
      changed: r.changed ?? null,
      at: r.at ?? s.clock.now(),
    },
  });
}
