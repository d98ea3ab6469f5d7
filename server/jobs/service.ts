import type { Job, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { cursorAfterWrite } from "../cron/due.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { currentSeq, toJson } from "../events/log.ts";
import { writeWithEvents } from "../events/write.ts";
import { purgeJob } from "./purge.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import type { EventType } from "../events/types.ts";
import { normalizeSpec } from "../spec/normalize.ts";
import { diffSpecs, classifyChange, canonicalJson, type SpecChange } from "../spec/diff.ts";
import { applyUpdate } from "../spec/update.ts";
import type { JobSpec, JobSpecInput } from "../spec/types.ts";
import { createEvaluation, type EvaluationTrigger } from "./evaluation.ts";
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

/** Creates the job, or updates the job with the same namespace and name. */
export async function submitJob(s: Services, input: JobSpecInput, opts: WriteOptions = {}): Promise<JobWriteResult> {
  const spec = normalizeSpec(input);
  const existing = await s.db.prisma.job.findUnique({
    where: { namespace_name: { namespace: spec.namespace, name: spec.name } },
  });
  return writeSpec(s, existing, spec, opts);
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

  const now = s.clock.now();
  const written = await writeWithEvents(s, async (tx, events) => {
    let job: Job;
    let eventType: EventType;
    let trigger: EvaluationTrigger;
    if (!existing) {
      job = await tx.job.create({
        data: {
          id: newId("job", now),
          namespace: spec.namespace,
          name: spec.name,
          type: spec.type,
          priority: spec.priority,
          spec: specJson(spec),
          version: 1,
          revision: 1,
          state: "PENDING",
          stateMessage: "waiting to be scheduled",
          stateDetails: {},
          nextFireAt: cursorAfterWrite(null, spec, null, false, now),
          createdAt: now,
          updatedAt: now,
        },
      });
      eventType = "JOB_SUBMITTED";
      trigger = "job-register";
    } else {
      const version = specChanged ? existing.version + 1 : existing.version;
      // Guarded by revision: a concurrent writer makes this match nothing.
      const { count } = await tx.job.updateMany({
        where: { id: existing.id, revision: existing.revision },
        data: {
          type: spec.type,
          priority: spec.priority,
          spec: specJson(spec),
          version,
          revision: existing.revision + 1,
          ...(restarting ? { state: "PENDING", stateMessage: "starting again", stateDetails: {} } : {}),
          // A forced resubmission asks the scheduler for a restart rollout of every execution.
          ...(forced ? { restartRequestedAt: now } : {}),
          // The schedule's cursor: kept while the schedule is the same, restarted from now when it changes.
          // A suspended schedule stays suspended through spec changes: no cursor until resumed.
          nextFireAt: existing.scheduleSuspendedAt ? null : cursorAfterWrite(before, spec, existing.nextFireAt, restarting, now),
          updatedAt: now,
        },
      });
      if (count === 0) {
        throw new DroverError("CONFLICT", `job ${existing.namespace}/${existing.name} changed while this write ran; retry`, {
          field: "name",
        });
      }
      job = await tx.job.findUniqueOrThrow({ where: { id: existing.id } });
      if (restarting) {
        eventType = "JOB_STARTED";
        trigger = "job-start";
      } else if (forced) {
        eventType = "JOB_RESTARTED";
        trigger = "job-restart";
      } else {
        eventType = "JOB_UPDATED";
        trigger = "job-update";
      }
    }
    if (specChanged || !existing) {
      await tx.jobVersion.create({
        data: { id: newId("version", now), jobId: job.id, version: job.version, spec: specJson(spec), createdAt: now },
      });
      await replaceJobLabels(tx, job.id, spec.labels);
    }
    await createEvaluation(tx, s.clock, job, trigger);
    events.emit({ type: eventType, namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(job) });
    return job;
  }).catch(mapUniqueViolation(spec));
  s.log.info(
    { job: `${spec.namespace}/${spec.name}`, jobId: written.result.id, version: written.result.version, change: existing ? (restarting ? "start" : forced ? "restart" : kind) : "create" },
    existing ? (restarting ? "job started" : forced ? "job restart requested" : "job updated") : "job submitted",
  );
  return { ...base, job: written.result, changed: true, dryRun: false, seq: written.seq, plan: null };
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

/** The spec as stored: canonical JSON with sorted keys, so equal specs store equal. */
function specJson(spec: JobSpec): Prisma.InputJsonValue {
  return toJson(JSON.parse(canonicalJson(spec)));
}

async function replaceJobLabels(tx: Prisma.TransactionClient, jobId: string, labels: Record<string, string>) {
  await tx.jobLabel.deleteMany({ where: { jobId } });
  const rows = Object.entries(labels).map(([key, value]) => ({ jobId, key, value }));
  if (rows.length) await tx.jobLabel.createMany({ data: rows });
}

/** Two creates of the same name racing: the loser gets CONFLICT, not a masked error. */
function mapUniqueViolation(spec: JobSpec) {
  return (err: unknown): never => {
    if (err && typeof err === "object" && (err as { code?: string }).code === "P2002") {
      throw new DroverError("CONFLICT", `job ${spec.namespace}/${spec.name} was created concurrently; retry`, {
        field: "name",
      });
    }
    throw err;
  };
}
