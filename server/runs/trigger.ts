import { createHash } from "node:crypto";
import type { Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { toJson } from "../events/log.ts";
import { writeWithEvents } from "../events/write.ts";
import { isRunToCompletion, type JobSpec } from "../spec/types.ts";
import { createEvaluation } from "../jobs/evaluation.ts";
import { getJob, type JobRef } from "../jobs/find.ts";
import { cancelRun } from "./cancel.ts";
import { ACTIVE_RUN_STATES } from "../../common/states.ts";
import { resolveRunValues, type ResolvedRunValues } from "../spec/parameters.ts";

/** Parameter values in the idempotency hash; absent when there are none, so keys of unparameterised runs keep their hashes. */
function parameterHashPart(v: ResolvedRunValues): { meta?: Record<string, string>; payload?: string } {
  const part: { meta?: Record<string, string>; payload?: string } = {};
  if (Object.keys(v.meta).length) part.meta = v.meta;
  if (v.payload !== null) part.payload = createHash("sha256").update(v.payload).digest("hex");
  return part;
}

export interface TriggerOptions {
  idempotencyKey?: string | null;
  /**
   * A manual trigger runs now whatever else runs, unless asked: forbid refuses
   * while a run is active, replace cancels the active runs first.
   */
  overlapPolicy?: "allow" | "forbid" | "replace" | null;
  trigger?: "MANUAL" | "CRON" | "RETRY";
  scheduledAt?: Date | null;
  /** Values for the job's declared parameters (spec.parameters); a cron fire passes none and gets the defaults. */
  meta?: Record<string, string> | null;
  payload?: string | null;
}

/**
 * Starts a run of a batch or broadcast job at the job's current version. The
 * same idempotency key returns the same run; the same key for a different
 * request is an error.
 */
export async function triggerRun(s: Services, ref: JobRef, opts: TriggerOptions = {}): Promise<{ run: Run; created: boolean }> {
  const job = await getJob(s.db.prisma, ref);
  const spec = job.spec as unknown as JobSpec;
  if (!isRunToCompletion(spec.type)) {
    throw new DroverError("INVALID_STATE", `job ${job.namespace}/${job.name} is a ${spec.type} job; only batch and broadcast jobs have runs`, {
      field: "jobId",
    });
  }
  if (job.state === "STOPPED") {
    throw new DroverError("INVALID_STATE", `job ${job.namespace}/${job.name} is stopped; submit it again to start it`, { field: "jobId" });
  }
  // Checked before anything else reads or writes: bad values leave no trace.
  const values = resolveRunValues(spec.parameters ?? null, { meta: opts.meta, payload: opts.payload });
  const key = opts.idempotencyKey?.trim() || null;
  const requestHash = createHash("sha256")
    .update(JSON.stringify({ jobId: job.id, trigger: opts.trigger ?? "MANUAL", overlapPolicy: opts.overlapPolicy ?? null, ...parameterHashPart(values) }))
    .digest("hex");
  if (key) {
    const existing = await s.db.prisma.run.findUnique({ where: { jobId_idempotencyKey: { jobId: job.id, idempotencyKey: key } } });
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new DroverError("CONFLICT", `idempotency key "${key}" was used for a different request`, { field: "idempotencyKey" });
      }
      return { run: existing, created: false };
    }
  }
  if (opts.overlapPolicy === "forbid" || opts.overlapPolicy === "replace") {
    const active = await s.db.prisma.run.findMany({ where: { jobId: job.id, state: { in: [...ACTIVE_RUN_STATES] } }, select: { id: true } });
    if (active.length && opts.overlapPolicy === "forbid") {
      throw new DroverError("INVALID_STATE", `run ${active[0].id} of ${job.namespace}/${job.name} is still active (overlapPolicy FORBID)`, {
        field: "overlapPolicy",
      });
    }
    for (const r of active) await cancelRun(s, r.id, "replaced by a new run");
  }
  const now = s.clock.now();
  const { result: run } = await writeWithEvents(s, async (tx, events) => {
    const run = await tx.run.create({
      data: {
        id: newId("run", now),
        jobId: job.id,
        namespace: job.namespace,
        jobVersion: job.version,
        state: "PENDING",
        trigger: opts.trigger ?? "MANUAL",
        scheduledAt: opts.scheduledAt ?? null,
        idempotencyKey: key,
        requestHash,
        operation: toJson(spec),
        ...(spec.parameters ? { meta: values.meta, payload: values.payload } : {}),
        message: "submitted",
        createdAt: now,
        updatedAt: now,
      },
    });
    await createEvaluation(tx, s.clock, job, "run-trigger", run.id);
    events.emit({ type: "RUN_CREATED", namespace: job.namespace, jobId: job.id, runId: run.id, snapshot: run });
    return run;
  });
  s.log.info({ job: `${job.namespace}/${job.name}`, jobId: job.id, runId: run.id, trigger: run.trigger, scheduledAt: run.scheduledAt ?? undefined }, "run triggered");
  return { run, created: true };
}
