import type { Job, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { cursorAfterWrite } from "../cron/due.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { currentSeq } from "../events/log.ts";
import { writeStatementsWithEvents, writeWithEvents } from "../events/write.ts";
import { purgeJob } from "./purge.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import type { EventType } from "../events/types.ts";
import { normalizeSpec } from "../spec/normalize.ts";
import { diffSpecs, classifyChange, canonicalJson, type SpecChange } from "../spec/diff.ts";
import { applyUpdate } from "../spec/update.ts";
import type { JobSpec, JobSpecInput } from "../spec/types.ts";
import { createEvaluation, evaluationStatement, type EvaluationTrigger } from "./evaluation.ts";
import { insertJob, insertJobVersion, replaceJobLabelRows, updateJobAtRevision, type JobChanges } from "./job-statements.ts";
import type { Statement } from "../db/direct-sql.ts";
import { getJob, type JobRef } from "./find.ts";
import { jobSnapshot } from "./snapshot.ts";
import { previewPlan, type PlanPreview } from "./preview.ts";

export interface WriteOptions {
  expectedVersion?: number | null;
  expectedRevision?: number | null;
  dryRun?: boolean | null;
  force?: boolean | null;
}

/** What every job write returns; a dry run fills it without writing. */
export interface JobWriteResult {
  job: Job | null;
  spec: JobSpec;
  diff: SpecChange[];
  created: boolean;
  /** True when anything was (or, on a dry run, would be) written. */
  changed: boolean;
  versionChanged: boolean;
  dryRun: boolean;
  seq: number | null;
  /** On a dry run: what the scheduler would do. */
  plan: PlanPreview | null;
}

/**
 * Creates the job, or updates the job with the same namespace and name. A new
 * name is the common case: the job is inserted straight away and the unique
 * index on (namespace, name) says whether it exists, so a create reads
 * nothing first.
 */
export async function submitJob(s: Services, input: JobSpecInput, opts: WriteOptions = {}): Promise<JobWriteResult> {
  const spec = normalizeSpec(input);
  if (!opts.dryRun && !expectsExisting(opts)) {
    checkExpected(null, opts);
    try {
      return await createJob(s, spec);
    } catch (err) {
      if (!s.db.sql.isUniqueViolation(err, "Job")) throw err;
      // The name is taken: this submit updates that job.
    }
  }
  const existing = await s.db.prisma.job.findUnique({
    where: { namespace_name: { namespace: spec.namespace, name: spec.name } },
  });
  return writeSpec(s, existing, spec, opts);
}

/** An expected version or revision other than 0 names a job that must exist already. */
function expectsExisting(opts: WriteOptions): boolean {
  return (opts.expectedVersion ?? 0) !== 0 || (opts.expectedRevision ?? 0) !== 0;
}

/** Replaces each given top-level field of the job's spec; `null` resets one to its default. */
export async function updateJob(
  s: Services,
  ref: JobRef,
  patch: Partial<JobSpecInput>,
  opts: WriteOptions = {},
): Promise<JobWriteResult> {
  const job = await getJob(s.db.prisma, ref);
  const spec = normalizeSpec(applyUpdate(job.spec as unknown as JobSpec, patch));
  return writeSpec(s, job, spec, opts);
}

function checkExpected(job: Job | null, opts: WriteOptions): void {
  const { expectedVersion: ev, expectedRevision: er } = opts;
  if (ev != null && er != null) {
    throw new DroverError("VALIDATION_FAILED", "give expectedVersion or expectedRevision, not both", {
      field: "expectedRevision",
    });
  }
  if (ev == null && er == null) return;
  const field = ev != null ? "expectedVersion" : "expectedRevision";
  const expected = (ev ?? er) as number;
  const actual = job ? (ev != null ? job.version : job.revision) : 0;
  if (expected !== actual) {
    throw new DroverError(
      "CONFLICT",
      job
        ? `job ${job.namespace}/${job.name} is at ${field === "expectedVersion" ? "version" : "revision"} ${actual}, not ${expected}`
        : `job does not exist (expected ${field === "expectedVersion" ? "version" : "revision"} ${expected}; use 0 to create)`,
      { field, details: { actual } },
    );
  }
}

async function writeSpec(s: Services, existing: Job | null, spec: JobSpec, opts: WriteOptions): Promise<JobWriteResult> {
  checkExpected(existing, opts);
  const before = existing ? (existing.spec as unknown as JobSpec) : null;
  const diff = diffSpecs(before, spec);
  const kind = classifyChange(diff);
  const specChanged = kind !== "none";
  const restarting = existing?.state === "STOPPED";
  const forced = Boolean(opts.force) && !specChanged && existing !== null;
  const changed = !existing || specChanged || restarting || forced;
  const base = { spec, diff, created: !existing, versionChanged: !existing || specChanged };

  if (opts.dryRun) {
    const version = existing ? existing.version + (specChanged ? 1 : 0) : 1;
    const plan = await previewPlan(s, existing, spec, version);
    return { ...base, job: existing, changed, dryRun: true, seq: null, plan };
  }
  // An identical resubmission changes nothing: no version, no revision, no event.
  if (!changed) return { ...base, job: existing, changed: false, dryRun: false, seq: null, plan: null };

  if (!existing) return createJob(s, spec).catch(mapUniqueViolation(s, spec));

  const now = s.clock.now();
  const specText = canonicalJson(spec);
  const version = specChanged ? existing.version + 1 : existing.version;
  const changes: JobChanges = {
    type: spec.type,
    priority: spec.priority,
    version,
    revision: existing.revision + 1,
    ...(restarting ? { state: "PENDING" as const, stateMessage: "starting again", stateDetails: {} } : {}),
    // A forced resubmission asks the scheduler for a restart rollout of every execution.
    ...(forced ? { restartRequestedAt: now } : {}),
    // The schedule's cursor: kept while the schedule is the same, restarted from now when it changes.
    // A suspended schedule stays suspended through spec changes: no cursor until resumed.
    nextFireAt: existing.scheduleSuspendedAt ? null : cursorAfterWrite(before, spec, existing.nextFireAt, restarting, now),
    updatedAt: now,
  };
  const job: Job = { ...existing, ...changes, spec: JSON.parse(specText) };
  const [eventType, trigger]: [EventType, EvaluationTrigger] = restarting
    ? ["JOB_STARTED", "job-start"]
    : forced
      ? ["JOB_RESTARTED", "job-restart"]
      : ["JOB_UPDATED", "job-update"];
  const statements: Statement[] = [
    updateJobAtRevision(existing, changes, specText),
    ...(specChanged ? [insertJobVersion(job, specText, now), ...replaceJobLabelRows(job.id, spec.labels, false)] : []),
    evaluationStatement(job, trigger, now),
  ];
  const { seq } = await writeStatementsWithEvents(s, statements, [
    { type: eventType, namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(job) },
  ]);
  s.log.info(
    { job: `${spec.namespace}/${spec.name}`, jobId: job.id, version: job.version, change: restarting ? "start" : forced ? "restart" : kind },
    restarting ? "job started" : forced ? "job restart requested" : "job updated",
  );
  return { ...base, job, changed: true, dryRun: false, seq, plan: null };
}

/** Stores a new job: its row, first version, label rows, an evaluation and JOB_SUBMITTED, in one transaction. */
async function createJob(s: Services, spec: JobSpec): Promise<JobWriteResult> {
  const now = s.clock.now();
  const specText = canonicalJson(spec);
  const job: Job = {
    id: newId("job", now),
    namespace: spec.namespace,
    name: spec.name,
    type: spec.type,
    priority: spec.priority,
    spec: JSON.parse(specText),
    version: 1,
    revision: 1,
    state: "PENDING",
    stateMessage: "waiting to be scheduled",
    stateDetails: {},
    deploymentId: null,
    nextFireAt: cursorAfterWrite(null, spec, null, false, now),
    restartRequestedAt: null,
    deleteRequestedAt: null,
    scheduleSuspendedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const { seq } = await writeStatementsWithEvents(
    s,
    [insertJob(job, specText), insertJobVersion(job, specText, now), ...replaceJobLabelRows(job.id, spec.labels, true), evaluationStatement(job, "job-register", now)],
    [{ type: "JOB_SUBMITTED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(job) }],
  );
  s.log.info({ job: `${spec.namespace}/${spec.name}`, jobId: job.id, version: 1, change: "create" }, "job submitted");
  return { job, spec, diff: diffSpecs(null, spec), created: true, changed: true, versionChanged: true, dryRun: false, seq, plan: null };
}

/** Stops every execution of the job; the job stays, STOPPED, until resubmitted or deleted. */
export async function stopJob(s: Services, ref: JobRef, reason?: string | null): Promise<{ job: Job; seq: number | null }> {
  const existing = await getJob(s.db.prisma, ref);
  if (existing.state === "STOPPED") return { job: existing, seq: null };
  const now = s.clock.now();
  const written = await writeWithEvents(s, async (tx, events) => {
    const { count } = await tx.job.updateMany({
      where: { id: existing.id, revision: existing.revision },
      data: {
        state: "STOPPED",
        stateMessage: reason?.trim() || "stopped by request",
        stateDetails: {},
        revision: existing.revision + 1,
        nextFireAt: null,
        updatedAt: now,
      },
    });
    if (count === 0) throw new DroverError("CONFLICT", "job changed while stopping; retry", { field: "id" });
    const job = await tx.job.findUniqueOrThrow({ where: { id: existing.id } });
    await createEvaluation(tx, s.clock, job, "job-deregister");
    events.emit({ type: "JOB_STOPPED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(job) });
    return job;
  });
  s.log.info({ job: `${existing.namespace}/${existing.name}`, jobId: existing.id, reason: reason ?? null }, "job stopped");
  return { job: written.result, seq: written.seq };
}

/** How long deleteJob waits for the agents to end the job's processes before it answers. */
const DELETE_WAIT_MS = 20_000;

export interface DeleteResult {
  jobId: string;
  /** The tombstone's seq once the rows are gone, else the seq of the deletion request. */
  seq: number;
  /** False while agents are still ending processes: the rows go when they have (at most DELETE_GRACE_MS). */
  deleted: boolean;
}

/**
 * Deletes the job. Its processes end first: the job is marked for deletion
 * (state DELETED, "deleting"), the scheduler makes every execution's desired
 * state STOPPED and cancels its runs, the agents end the processes (SIGTERM,
 * grace, SIGKILL), and then the scheduler removes the rows, leaving one
 * JOB_DELETED tombstone event. A job with nothing running goes at once. The
 * call waits (up to DELETE_WAIT_MS) until the rows are gone.
 */
export async function deleteJob(s: Services, ref: JobRef, opts: { wait?: boolean } = {}): Promise<DeleteResult> {
  const job = await getJob(s.db.prisma, ref);
  if (job.deleteRequestedAt) return waitForPurge(s, job.id, null, opts.wait ?? true);
  const now = s.clock.now();
  const written = await writeWithEvents(s, async (tx, events) => {
    const active = await tx.execution.count({ where: { jobId: job.id, computeState: { in: [...ACTIVE_COMPUTE_STATES] } } });
    if (active === 0) {
      // Nothing runs: nothing to wait for.
      await purgeJob(tx, s, job, events);
      return { purged: true };
    }
    const { count } = await tx.job.updateMany({
      where: { id: job.id, revision: job.revision },
      data: {
        state: "DELETED",
        stateMessage: `deleting: stopping ${active} execution${active === 1 ? "" : "s"}`,
        stateDetails: { code: "DELETING" },
        deleteRequestedAt: now,
        nextFireAt: null,
        revision: job.revision + 1,
        updatedAt: now,
      },
    });
    if (count === 0) throw new DroverError("CONFLICT", "job changed while deleting; retry", { field: "id" });
    const marked = await tx.job.findUniqueOrThrow({ where: { id: job.id } });
    await createEvaluation(tx, s.clock, marked, "job-delete");
    events.emit({ type: "JOB_STATE_CHANGED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(marked) });
    return { purged: false };
  });
  if (written.result.purged) return { jobId: job.id, seq: written.seq!, deleted: true };
  s.log.info({ job: `${job.namespace}/${job.name}`, jobId: job.id }, "job deletion requested; stopping its executions");
  return waitForPurge(s, job.id, written.seq, opts.wait ?? true);
}

async function waitForPurge(s: Services, jobId: string, after: number | null, wait: boolean): Promise<DeleteResult> {
  const from = after ?? (await currentSeq(s.db.prisma));
  if (!wait) return { jobId, seq: from, deleted: false };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), DELETE_WAIT_MS);
  try {
    for await (const e of s.tailer.subscribe({ jobId, types: ["JOB_DELETED"] }, from, abort.signal)) {
      return { jobId, seq: e.seq, deleted: true };
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return { jobId, seq: from, deleted: false };
}

/** Two creates of the same name racing: the loser gets CONFLICT, not a masked error. */
function mapUniqueViolation(s: Services, spec: JobSpec) {
  return (err: unknown): never => {
    if (s.db.sql.isUniqueViolation(err, "Job")) {
      throw new DroverError("CONFLICT", `job ${spec.namespace}/${spec.name} was created concurrently; retry`, {
        field: "name",
      });
    }
    throw err;
  };
}
