import type { Evaluation, Execution, Job, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { newId } from "../ids.ts";
import { toJson } from "../events/log.ts";
import { bulkInsert } from "../db/bulk-insert.ts";
import type { NewEvent } from "../events/types.ts";
import { writeWithEvents, type EventSink } from "../events/write.ts";
import { jobSnapshot } from "../jobs/snapshot.ts";
import { writeRollbackVersion } from "../rollouts/rollback.ts";
import { purgeJob } from "../jobs/purge.ts";
import type { RolloutPlan } from "../rollouts/start.ts";
import { isFinishedRun } from "../../common/states.ts";
import { isBroadcast, type JobSpec } from "../spec/types.ts";
import { ROLLOUT_PROGRESS_FIELDS, type Plan, type RolloutStart } from "./plan.ts";
import { wakeQueuedRuns } from "./wake-queued.ts";

type Tx = Prisma.TransactionClient;

export type ApplyResult = { applied: true; placed: Execution[]; seq: number | null } | { applied: false; reason: string };

/**
 * The only code that writes a scheduler plan, so the only writer of what
 * runs. Inside one transaction it checks the job did not move since the plan
 * was computed (else the evaluation is retried on fresh state), then writes
 * every change of the plan, completes the evaluation, and appends the events.
 */
export async function applyPlan(s: Services, evaluation: Evaluation, job: Job, plan: Plan): Promise<ApplyResult> {
  const now = s.clock.now();
  const { result, seq } = await writeWithEvents(s, async (tx, events) => {
    // A guarded no-op write, not a read: it takes the job's row lock (PostgreSQL runs READ
    // COMMITTED), so a stop or an update cannot commit between this check and the writes below
    // and then be overwritten by them. A writer that read the job before waits, then finds the
    // revision moved.
    const { count } = await tx.job.updateMany({ where: { id: job.id, revision: job.revision }, data: { revision: job.revision } });
    if (count === 0) {
      const exists = await tx.job.count({ where: { id: job.id } });
      return { applied: false as const, reason: exists ? "job changed; re-evaluating" : "job deleted" };
    }
    if (plan.purge) {
      await purgeJob(tx, s, job, events);
      return { applied: true as const, placed: [] };
    }

    const placed = await place(tx, s, evaluation, job, plan, events);
    await changeExecutions(tx, now, plan.stop, (reason) => ({ desiredState: "STOPPED", desiredMessage: reason }), events);
    await changeExecutions(
      tx,
      now,
      plan.lost,
      (reason) => ({ desiredState: "STOPPED", desiredMessage: reason, computeState: "LOST", computeMessage: reason, finishedAt: now }),
      events,
    );
    for (const r of plan.retag) {
      // Same processes, newer version: the agent has nothing to do, clients see the version move.
      const after = await tx.execution.update({ where: { id: r.executionId }, data: { jobVersion: r.jobVersion, revision: { increment: 1 }, updatedAt: now } });
      events.emit(executionEvent("EXECUTION_DESIRED_CHANGED", after));
    }
    const runsEnded = await updateRuns(tx, now, plan, events, isBroadcast((job.spec as unknown as JobSpec).type));
    for (const id of plan.stable) {
      await tx.execution.updateMany({ where: { id, stableAt: null }, data: { stableAt: now, updatedAt: now } });
    }

    let jobAfter = job;
    let deploymentId = job.deploymentId;
    if (plan.startRollout) deploymentId = await startRollout(tx, s, job, plan.startRollout, events);
    else if (plan.rollout) await updateRollout(tx, s, job, plan.rollout, events);

    const stateChanged = plan.job && (plan.job.state !== job.state || plan.job.message !== job.stateMessage);
    if (stateChanged || deploymentId !== job.deploymentId) {
      jobAfter = await tx.job.update({
        where: { id: job.id },
        data: {
          deploymentId,
          ...(plan.job ? { state: plan.job.state, stateMessage: plan.job.message, stateDetails: toJson(plan.job.details ?? {}) } : {}),
          revision: job.revision + 1,
          updatedAt: now,
        },
      });
      if (stateChanged) events.emit({ type: "JOB_STATE_CHANGED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(jobAfter) });
    }

    let followUpAt = plan.followUpAt;
    if (plan.rollbackTo) {
      // Automatic rollback: a new version that runs what the stable one ran; the next pass rolls it out.
      const written = await writeRollbackVersion(tx, s.clock, jobAfter, plan.rollbackTo);
      if (written.job) {
        jobAfter = written.job;
        followUpAt = now;
        events.emit({ type: "JOB_UPDATED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(jobAfter) });
        s.log.info({ job: jobName(job), jobId: job.id, fromVersion: job.version, toVersion: jobAfter.version, sourceVersion: plan.rollbackTo, reason: plan.rollbackReason }, "rolling back");
      }
    }

    await tx.evaluation.update({
      where: { id: evaluation.id },
      data: {
        status: plan.explanation && placed.length === 0 ? "BLOCKED" : "COMPLETE",
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
    // Capacity freed here may be what queued runs of other jobs wait for.
    if (plan.stop.length + plan.lost.length + runsEnded > 0) await wakeQueuedRuns(tx, s.clock, job.id);
    return { applied: true as const, placed };
  });
  return result.applied ? { ...result, seq } : result;
}

const jobName = (job: Pick<Job, "namespace" | "name">) => `${job.namespace}/${job.name}`;

function executionEvent(type: NewEvent["type"], e: Execution): NewEvent {
  return { type, namespace: e.namespace, jobId: e.jobId, executionId: e.id, runId: e.runId, nodeId: e.nodeId, snapshot: e };
}

async function place(tx: Tx, s: Services, evaluation: Evaluation, job: Job, plan: Plan, events: EventSink): Promise<Execution[]> {
  const now = s.clock.now();
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
    cpuRequested: p.reserves?.cpu ?? null,
    memoryRequested: p.reserves?.memory ?? null,
    exitCode: null,
    reportCounter: 0,
    startedAt: null,
    finishedAt: null,
    stableAt: null,
    createdAt: now,
    updatedAt: now,
  }));
  if (placed.length === 0) return placed;
  const cols = Object.keys(placed[0]) as (keyof Execution)[];
  await bulkInsert(tx, s.db.provider, "Execution", cols, placed.map((e) => cols.map((c) => e[c])));
  for (const e of placed) {
    events.emit(executionEvent("EXECUTION_CREATED", e));
    if (e.previousExecutionId) {
      await tx.execution.update({ where: { id: e.previousExecutionId }, data: { nextExecutionId: e.id } });
    }
    // A run's retry shows in its timeline, beside the failure it answers.
    if (e.runId && e.attempt > 1) {
      const node = await tx.node.findUnique({ where: { id: e.nodeId }, select: { hostname: true } });
      await tx.runTimelineEvent.create({
        data: {
          id: newId("timeline", now),
          runId: e.runId,
          nodeId: e.nodeId,
          executionId: e.id,
          hostname: node?.hostname ?? null,
          event: "retried",
          message: e.desiredMessage,
          at: now,
        },
      });
    }
  }
  return placed;
}

async function changeExecutions(
  tx: Tx,
  now: Date,
  ops: Plan["stop"],
  data: (reason: string) => Prisma.ExecutionUpdateManyMutationInput,
  events: EventSink,
) {
  for (const { executionId, reason } of ops) {
    const before = await tx.execution.findUnique({ where: { id: executionId }, select: { revision: true } });
    if (!before) continue;
    const after = await tx.execution.update({ where: { id: executionId }, data: { ...data(reason), revision: before.revision + 1, updatedAt: now } });
    events.emit(executionEvent("EXECUTION_DESIRED_CHANGED", after));
  }
}

/** Writes each run's new state (or message); returns how many runs ended. */
async function updateRuns(tx: Tx, now: Date, plan: Plan, events: EventSink, broadcast: boolean): Promise<number> {
  let ended = 0;
  for (const r of plan.runs) {
    const before = await tx.run.findUnique({ where: { id: r.runId } });
    if (!before || isFinishedRun(before.state) || (before.state === r.state && before.message === r.message)) continue;
    const terminal = isFinishedRun(r.state);
    if (terminal) ended++;
    const outcome = terminal ? await runOutcome(tx, before.id, r.state, broadcast) : {};
    const after = await tx.run.update({
      where: { id: r.runId },
      data: {
        ...outcome,
        state: r.state,
        message: r.message,
        error: r.error ?? before.error,
        exitCode: r.exitCode ?? before.exitCode,
        startedAt: r.state === "RUNNING" && !before.startedAt ? now : before.startedAt,
        finishedAt: terminal ? now : before.finishedAt,
        updatedAt: now,
      },
    });
    events.emit({ type: "RUN_STATE_CHANGED", namespace: after.namespace, jobId: after.jobId, runId: after.id, snapshot: after });
  }
  return ended;
}

/** Writes the rollout the plan starts, superseding one still going; returns its id. */
/**
 * What a finished run answered (osapi's run fields): `hostname` of the node
 * that ran a single-node run; `changed` and `result` from what its executions
 * left in DROVER_RESULT_FILE. A failed or cancelled run has no `changed`. A
 * broadcast changed when any node did, and its result is each node's answer
 * keyed by node id.
 */
async function runOutcome(tx: Tx, runId: string, state: string, broadcast: boolean): Promise<Prisma.RunUpdateInput> {
  const answers = await tx.runTimelineEvent.findMany({ where: { runId, event: "completed" }, orderBy: { at: "asc" } });
  const out: Prisma.RunUpdateInput = {};
  if (!broadcast) {
    const last = await tx.execution.findFirst({ where: { runId }, orderBy: { id: "desc" }, select: { node: { select: { hostname: true } } } });
    out.hostname = last?.node.hostname ?? null;
  }
  if (state !== "SUCCEEDED" && state !== "PARTIAL_FAILURE") return { ...out, changed: null };
  if (broadcast) {
    out.changed = answers.some((a) => a.changed === true);
    out.result = toJson(Object.fromEntries(answers.map((a) => [a.nodeId ?? "", a.data ?? null])));
  } else {
    const answer = answers[answers.length - 1];
    out.changed = answer?.changed ?? false;
    if (answer?.data !== undefined && answer.data !== null) out.result = toJson(answer.data);
  }
  return out;
}

async function startRollout(tx: Tx, s: Services, job: Job, start: RolloutStart, events: EventSink): Promise<string> {
  const now = s.clock.now();
  await tx.rollout.updateMany({
    where: { jobId: job.id, state: { in: ["RUNNING", "PAUSED"] } },
    data: { state: "CANCELLED", message: "superseded by a newer rollout", completedAt: now, updatedAt: now },
  });
  const rollout = await tx.rollout.create({
    data: {
      id: newId("rollout", now),
      jobId: job.id,
      type: start.kind.toUpperCase() as "CREATE",
      state: "RUNNING",
      strategy: start.strategy,
      fromVersion: start.fromVersion,
      toVersion: start.toVersion,
      currentWave: start.waves.length ? 1 : 0,
      totalWaves: start.waves.length,
      totalNodes: start.waves.reduce((n, w) => n + w.length, 0),
      updatedNodes: 0,
      failedNodes: 0,
      canaryNodes: start.strategy === "canary" ? (start.waves[0] ?? []) : [],
      canaryPromoted: false,
      rollbackToVersion: start.rollbackToVersion,
      plan: { waves: start.waves } satisfies RolloutPlan as unknown as Prisma.InputJsonValue,
      message: start.message,
      startedAt: now,
      updatedAt: now,
    },
  });
  events.emit({ type: "ROLLOUT_STARTED", namespace: job.namespace, jobId: job.id, rolloutId: rollout.id, snapshot: rollout });
  s.log.info(
    { job: jobName(job), jobId: job.id, rolloutId: rollout.id, kind: start.kind, strategy: start.strategy, fromVersion: start.fromVersion, toVersion: start.toVersion, waves: start.waves.length, nodes: rollout.totalNodes },
    "rollout started",
  );
  return rollout.id;
}

async function updateRollout(tx: Tx, s: Services, job: Job, r: NonNullable<Plan["rollout"]>, events: EventSink): Promise<void> {
  const now = s.clock.now();
  const before = await tx.rollout.findUnique({ where: { id: r.id } });
  if (!before) return;
  if (ROLLOUT_PROGRESS_FIELDS.every((f) => before[f] === r[f])) return;
  const after = await tx.rollout.update({
    where: { id: r.id },
    data: {
      ...Object.fromEntries(ROLLOUT_PROGRESS_FIELDS.map((f) => [f, r[f]])),
      completedAt: r.completed ? now : before.completedAt,
      updatedAt: now,
    },
  });
  const type = r.completed ? "ROLLOUT_COMPLETED" : r.waveStarted ? "ROLLOUT_WAVE_STARTED" : "ROLLOUT_UPDATED";
  events.emit({ type, namespace: job.namespace, jobId: job.id, rolloutId: r.id, snapshot: after });
  if (before.state !== r.state || r.waveStarted) {
    s.log.info({ job: jobName(job), jobId: job.id, rolloutId: r.id, state: r.state, wave: r.currentWave, of: before.totalWaves, message: r.message }, `rollout ${r.completed ? r.state.toLowerCase() : r.state === "PAUSED" ? "paused" : "wave started"}`);
  }
}
