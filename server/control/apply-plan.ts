import type { Evaluation, Execution, Job, Prisma, Rollout } from "../db/client.ts";
import type { Services } from "../services.ts";
import { newId } from "../ids.ts";
import { appendEvents, toJson } from "../events/log.ts";
import { bulkInsert } from "../db/bulk-insert.ts";
import type { NewEvent } from "../events/types.ts";
import { jobSnapshot } from "../jobs/snapshot.ts";
import { rollBackTo } from "../rollouts/rollback.ts";

/** What the scheduler decided for one job, in the terms the database understands. */
export interface ApplicablePlan {
  place: {
    nodeId: string;
    jobVersion: number;
    runId: string | null;
    attempt: number;
    previousExecutionId: string | null;
    reason: string;
  }[];
  stop: { executionId: string; reason: string }[];
  lost: { executionId: string; reason: string }[];
  runs: { runId: string; state: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "PARTIAL_FAILURE"; message: string; error?: string | null; exitCode?: number | null }[];
  job: { state: Job["state"]; message: string } | null;
  /** Structured placement explanation and its sentence, when not everything was placed. */
  explanation: { steps: unknown; sentence: string } | null;
  /** When the job needs another look (restart backoff, a deadline). */
  followUpAt: Date | null;
  /** A failed rollout rolls back to this version. */
  rollbackTo?: number | null;
  /** Executions that just passed their health window. */
  stable?: string[];
  /** The rollout's progress after this pass. */
  rollout?: {
    id: string;
    state: Rollout["state"];
    currentWave: number;
    updatedNodes: number;
    failedNodes: number;
    message: string;
    completed: boolean;
    waveStarted: boolean;
  } | null;
}

export type ApplyResult = { applied: true; placed: Execution[]; seq: number | null } | { applied: false; reason: string };

/**
 * The only code that writes a scheduler plan. Inside one transaction it checks
 * the job did not move since the plan was computed (else the evaluation is
 * retried on fresh state), creates and stops executions, updates runs and the
 * job's state, completes the evaluation and appends every event.
 */
export async function applyPlan(
  s: Services,
  evaluation: Evaluation,
  job: Job,
  plan: ApplicablePlan,
): Promise<ApplyResult> {
  const now = s.clock.now();
  const result = await s.db.prisma.$transaction(async (tx) => {
    const fresh = await tx.job.findUnique({ where: { id: job.id }, select: { revision: true } });
    if (!fresh) return { applied: false as const, reason: "job deleted" };
    if (fresh.revision !== job.revision) return { applied: false as const, reason: "job changed; re-evaluating" };

    const events: NewEvent[] = [];
    const placed: Execution[] = plan.place.map((p) => ({
      id: newId("execution", now),
      jobId: job.id,
      namespace: job.namespace,
      nodeId: p.nodeId,
      jobType: job.type,
      jobVersion: p.jobVersion,
      runId: p.runId,
      evalId: evaluation.id,
      deploymentId: job.deploymentId,
      desiredState: "RUNNING",
      desiredMessage: p.reason,
      computeState: "PENDING",
      computeMessage: "placed; waiting for the agent",
      computeDetails: {},
      details: {},
      previousExecutionId: p.previousExecutionId,
      nextExecutionId: null,
      revision: 1,
      attempt: p.attempt,
      exitCode: null,
      reportCounter: 0,
      startedAt: null,
      finishedAt: null,
      stableAt: null,
      createdAt: now,
      updatedAt: now,
    }));
    if (placed.length) {
      const cols = Object.keys(placed[0]) as (keyof Execution)[];
      await bulkInsert(tx, s.db.provider, "Execution", cols, placed.map((e) => cols.map((c) => e[c])));
      for (const e of placed) {
        events.push({ type: "EXECUTION_CREATED", namespace: e.namespace, jobId: e.jobId, executionId: e.id, runId: e.runId, nodeId: e.nodeId, snapshot: e });
        if (e.previousExecutionId) {
          await tx.execution.update({ where: { id: e.previousExecutionId }, data: { nextExecutionId: e.id } });
        }
      }
    }

    const changeExecutions = async (
      ids: { executionId: string; reason: string }[],
      data: (reason: string) => Prisma.ExecutionUpdateManyMutationInput,
      type: NewEvent["type"],
    ) => {
      for (const { executionId, reason } of ids) {
        const before = await tx.execution.findUnique({ where: { id: executionId } });
        if (!before) continue;
        const after = await tx.execution.update({
          where: { id: executionId },
          data: { ...data(reason), revision: before.revision + 1, updatedAt: now },
        });
        events.push({ type, namespace: after.namespace, jobId: after.jobId, executionId: after.id, runId: after.runId, nodeId: after.nodeId, snapshot: after });
      }
    };
    await changeExecutions(plan.stop, (reason) => ({ desiredState: "STOPPED", desiredMessage: reason }), "EXECUTION_DESIRED_CHANGED");
    await changeExecutions(
      plan.lost,
      (reason) => ({ desiredState: "STOPPED", desiredMessage: reason, computeState: "LOST", computeMessage: reason, finishedAt: now }),
      "EXECUTION_DESIRED_CHANGED",
    );

    for (const r of plan.runs) {
      const before = await tx.run.findUnique({ where: { id: r.runId } });
      if (!before || before.state === r.state) continue;
      const terminal = r.state !== "QUEUED" && r.state !== "RUNNING";
      const after = await tx.run.update({
        where: { id: r.runId },
        data: {
          state: r.state,
          message: r.message,
          error: r.error ?? before.error,
          exitCode: r.exitCode ?? before.exitCode,
          startedAt: r.state === "RUNNING" && !before.startedAt ? now : before.startedAt,
          finishedAt: terminal ? now : before.finishedAt,
          updatedAt: now,
        },
      });
      events.push({ type: "RUN_STATE_CHANGED", namespace: after.namespace, jobId: after.jobId, runId: after.id, snapshot: after });
    }

    for (const id of plan.stable ?? []) {
      await tx.execution.updateMany({ where: { id, stableAt: null }, data: { stableAt: now, updatedAt: now } });
    }
    if (plan.rollout) {
      const r = plan.rollout;
      const before = await tx.rollout.findUnique({ where: { id: r.id } });
      if (before && (before.state !== r.state || before.currentWave !== r.currentWave || before.updatedNodes !== r.updatedNodes || before.failedNodes !== r.failedNodes || before.message !== r.message)) {
        const after = await tx.rollout.update({
          where: { id: r.id },
          data: {
            state: r.state,
            currentWave: r.currentWave,
            updatedNodes: r.updatedNodes,
            failedNodes: r.failedNodes,
            message: r.message,
            completedAt: r.completed ? now : before.completedAt,
            updatedAt: now,
          },
        });
        const type = r.completed ? "ROLLOUT_COMPLETED" : r.waveStarted ? "ROLLOUT_WAVE_STARTED" : "ROLLOUT_UPDATED";
        events.push({ type, namespace: job.namespace, jobId: job.id, rolloutId: r.id, snapshot: after });
      }
    }

    let jobAfter: Job = job;
    if (plan.job && (plan.job.state !== job.state || plan.job.message !== job.stateMessage)) {
      jobAfter = await tx.job.update({
        where: { id: job.id },
        data: { state: plan.job.state, stateMessage: plan.job.message, revision: job.revision + 1, updatedAt: now },
      });
      events.push({ type: "JOB_STATE_CHANGED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(jobAfter) });
    }

    let followUpAt = plan.followUpAt;
    if (plan.rollbackTo) {
      // Automatic rollback: the target version's spec becomes version N+1, rolled out without gating.
      const started = await rollBackTo(tx, s, jobAfter, plan.rollbackTo);
      jobAfter = started.job;
      followUpAt = now; // place the rolled-back version at once
      events.push({ type: "JOB_UPDATED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(jobAfter) });
      if (started.rollout) {
        events.push({ type: "ROLLOUT_STARTED", namespace: job.namespace, jobId: job.id, rolloutId: started.rollout.id, snapshot: started.rollout });
      }
    }

    await tx.evaluation.update({
      where: { id: evaluation.id },
      data: {
        status: plan.explanation && plan.place.length === 0 ? "BLOCKED" : "COMPLETE",
        statusMessage: plan.explanation?.sentence ?? `placed ${placed.length}, stopped ${plan.stop.length}`,
        placement: plan.explanation ? toJson(plan.explanation) : undefined,
        claimedBy: null,
        claimedUntil: null,
        updatedAt: now,
      },
    });
    if (followUpAt) {
      await tx.evaluation.create({
        data: {
          id: newId("evaluation", now),
          jobId: job.id,
          namespace: job.namespace,
          triggeredBy: "follow-up",
          priority: job.priority,
          jobVersion: jobAfter.version,
          status: "PENDING",
          statusMessage: "",
          waitUntil: followUpAt,
          createdAt: now,
          updatedAt: now,
        },
      });
    }
    const seqs = await appendEvents(tx, s, events);
    return { applied: true as const, placed, seq: seqs.length ? seqs[seqs.length - 1] : null };
  });
  if (result.applied && result.seq !== null) s.bus.publish(result.seq);
  return result;
}
