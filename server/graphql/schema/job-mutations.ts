import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { deleteJob, stopJob, submitJob, updateJob, type JobWriteResult } from "../../jobs/service.ts";
import { findJob } from "../../jobs/find.ts";
import { DroverError } from "../../errors.ts";
import type { SpecChange } from "../../spec/diff.ts";
import type { PlanPreview } from "../../jobs/preview.ts";
import type { JobSpecInput } from "../../spec/types.ts";
import { JobSpecRef, specInputFields } from "./job-spec.ts";
import { JobRef } from "./job.ts";
import { JobTypeEnum } from "./enums.ts";

const SpecChangeRef = builder.objectRef<SpecChange>("SpecChange").implement({
  description: "One changed field of the spec: its dotted path and the values before and after.",
  fields: (t) => ({
    path: t.exposeString("path"),
    before: t.field({ type: "JSON", nullable: true, resolve: (c) => c.before ?? null }),
    after: t.field({ type: "JSON", nullable: true, resolve: (c) => c.after ?? null }),
  }),
});

const PlanPreviewRef = builder.objectRef<PlanPreview>("PlanPreview").implement({
  description: "What the scheduler would do with the spec: its own decision, computed without writing.",
  fields: (t) => ({
    place: t.exposeStringList("place", { description: "Nodes that would get an execution (for batch and broadcast jobs: for one run)." }),
    stop: t.stringList({ description: "Executions that would stop.", resolve: (p) => p.stop.map((s) => s.executionId) }),
    explanation: t.field({
      type: "JSON",
      nullable: true,
      description: "Why not everything could be placed: {steps: [{check, term, filteredOut, remaining}], sentence}.",
      resolve: (p) => p.explanation,
    }),
  }),
});

const JobWritePayloadRef = builder.objectRef<JobWriteResult>("JobWritePayload").implement({
  description: "The result of submitJob or updateJob (or of a dry run of either).",
  fields: (t) => ({
    job: t.field({ type: JobRef, nullable: true, description: "Null on a dry run of a new job.", resolve: (r) => r.job }),
    spec: t.field({ type: JobSpecRef, description: "The normalised spec.", resolve: (r) => r.spec }),
    diff: t.field({ type: [SpecChangeRef], resolve: (r) => r.diff }),
    created: t.exposeBoolean("created"),
    changed: t.exposeBoolean("changed", { description: "False for an identical resubmission: nothing was written." }),
    versionChanged: t.exposeBoolean("versionChanged"),
    dryRun: t.exposeBoolean("dryRun"),
    seq: t.field({ type: "Seq", nullable: true, description: "The event written, when one was.", resolve: (r) => r.seq }),
    plan: t.field({ type: PlanPreviewRef, nullable: true, description: "On a dry run: what the scheduler would do.", resolve: (r) => r.plan }),
  }),
});

const writeOptionFields = (t: PothosSchemaTypes.InputFieldBuilder<any, "InputObject">) => ({
  expectedVersion: t.int({ description: "Fail with CONFLICT unless the job is at this version (0: must not exist yet)." }),
  expectedRevision: t.int({ description: "Fail with CONFLICT unless the job is at this revision." }),
  dryRun: t.boolean({ description: "Validate and return the normalised spec and diff without writing." }),
});

const SubmitJobInput = builder.inputType("SubmitJobInput", {
  description: "A whole job spec. Omitted fields take their defaults.",
  fields: (t) => ({
    name: t.string(),
    namespace: t.string({ description: 'Default "default".' }),
    type: t.field({ type: JobTypeEnum }),
    ...specInputFields(t),
    ...writeOptionFields(t),
    force: t.boolean({ description: "Re-apply an unchanged spec (a restart, version unchanged)." }),
  }),
});

const UpdateJobInput = builder.inputType("UpdateJobInput", {
  description: "Names a job (id, or namespace and name) and the top-level spec fields to replace; null resets a field.",
  fields: (t) => ({
    id: t.id(),
    namespace: t.string(),
    name: t.string(),
    type: t.field({ type: JobTypeEnum }),
    ...specInputFields(t),
    ...writeOptionFields(t),
  }),
});

const OPTION_KEYS = ["expectedVersion", "expectedRevision", "dryRun", "force"] as const;

function split<T extends Record<string, unknown>>(input: T, drop: readonly string[]) {
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!drop.includes(k) && v !== undefined) spec[k] = v;
  return spec;
}

const DeleteJobPayloadRef = builder
  .objectRef<{ jobId: string; seq: number; deleted: boolean }>("DeleteJobPayload")
  .implement({
    fields: (t) => ({
      jobId: t.exposeID("jobId"),
      seq: t.field({ type: "Seq", description: "The JOB_DELETED tombstone's seq once the rows are gone; else the deletion request's.", resolve: (r) => r.seq }),
      deleted: t.exposeBoolean("deleted", {
        description: "True once the job's processes have ended and its rows are gone; false while its agents are still ending them (the job reads state DELETED, 'deleting', until then).",
      }),
    }),
  });

const StopJobPayloadRef = builder
  .objectRef<{ job: Awaited<ReturnType<typeof stopJob>>["job"]; seq: number | null }>("StopJobPayload")
  .implement({
    fields: (t) => ({
      job: t.field({ type: JobRef, resolve: (r) => r.job }),
      seq: t.field({ type: "Seq", nullable: true, resolve: (r) => r.seq }),
    }),
  });

/** How mutations name a job: its id, or its namespace and name. */
const jobRefArgs = builder.args((t) => ({
  id: t.id(),
  namespace: t.string(),
  name: t.string(),
}));

builder.mutationFields((t) => ({
  submitJob: t.field({
    type: JobWritePayloadRef,
    description:
      "Creates a job, or updates the job with the same namespace and name. The version rises only when the spec changes; an identical resubmission writes nothing.",
    args: { input: t.arg({ type: SubmitJobInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      authorize(ctx.principal, "write", input.namespace ?? "default");
      return submitJob(ctx.services, split(input, OPTION_KEYS) as JobSpecInput, input);
    },
  }),
  updateJob: t.field({
    type: JobWritePayloadRef,
    description: "Replaces each given top-level spec field; omitted fields are unchanged, null resets one to its default.",
    args: { input: t.arg({ type: UpdateJobInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const ref = { id: input.id, namespace: input.namespace, name: input.name };
      const job = await findJob(ctx.services.db.prisma, ref);
      authorize(ctx.principal, "write", job?.namespace ?? input.namespace ?? "default");
      // Named by id, a job's name and namespace given beside it would be a rename: refused, not ignored.
      if (job && input.id) {
        for (const field of ["name", "namespace"] as const) {
          if (input[field] != null && input[field] !== job[field]) {
            throw new DroverError("VALIDATION_FAILED", `${field}: a job cannot be renamed (it is "${job[field]}"); submit a job under the new ${field} and delete this one`, { field });
          }
        }
      }
      const patch = split(input, [...OPTION_KEYS, "id", "namespace", "name"]);
      return updateJob(ctx.services, ref, patch as Partial<JobSpecInput>, input);
    },
  }),
  stopJob: t.field({
    type: StopJobPayloadRef,
    description: "Stops every execution of the job. Submitting it again starts it.",
    args: { ...jobRefArgs, reason: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, args);
      authorize(ctx.principal, "write", job?.namespace ?? args.namespace ?? "default");
      return stopJob(ctx.services, args, args.reason);
    },
  }),
  deleteJob: t.field({
    type: DeleteJobPayloadRef,
    description:
      "Deletes the job: its runs are cancelled, every execution's desired state becomes STOPPED and the agents end the processes (SIGTERM, grace, SIGKILL); then its versions, executions, runs, logs and events are removed, leaving one JOB_DELETED event. Waits for that unless wait is false. Irreversible.",
    args: { ...jobRefArgs, wait: t.arg.boolean({ defaultValue: true, description: "Wait (up to 20 s) until the processes have ended and the rows are gone." }) },
    resolve: async (_root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, args);
      authorize(ctx.principal, "write", job?.namespace ?? args.namespace ?? "default");
      return deleteJob(ctx.services, args, { wait: args.wait ?? true });
    },
  }),
}));
