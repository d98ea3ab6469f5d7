import { scopeConds, scopeNamespace, WORKSPACE_ARG_DESCRIPTION } from "../namespace-scope.ts";
import { namespaceParts } from "../../../common/namespaces.ts";
import type { Job } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { countBy, labelConds, sqlListRows } from "../sql-list.ts";
import { eq } from "../../db/sql-conds.ts";
import { countedBy, countedTotal } from "../../db/list-counts.ts";
import { once } from "../pagination.ts";
import type { JobSpec } from "../../spec/types.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { findJob, jobWhere } from "../../jobs/find.ts";
import { listFields } from "../list-fields.ts";
import { parseSelectorArg } from "../label-filter.ts";
import { JobSpecRef } from "./job-spec.ts";
import { JobStateTypeEnum, JobTypeEnum } from "./enums.ts";
import { RolloutStatusRef } from "./rollout.ts";
import { RunRef, RunCountsRef } from "./run.ts";
import { activeRollout, lastFinishedRollout } from "../job-rollouts.ts";
import { jobStateDetails, PLACEMENT_CODES } from "../state-details.ts";

const JobStateRef = builder.objectRef<Job>("JobState").implement({
  description: "The state of a job, as the seeds nest it: state { stateType message details }.",
  fields: (t) => ({
    stateType: t.field({ type: JobStateTypeEnum, resolve: (j) => j.state }),
    message: t.exposeString("stateMessage"),
    details: t.field({
      type: "StringMap",
      description: "The state's code (e.g. NO_TARGET_NODES, RESTARTS_EXHAUSTED, ROLLOUT_FAILED) with a hint; when not placed, the placement step that left no node (failedCheck, failedTerm).",
      resolve: async (j, _a, ctx) => {
        const code = (j.stateDetails as Record<string, unknown> | null)?.code;
        if (typeof code !== "string" || !PLACEMENT_CODES.has(code)) return jobStateDetails(j.stateDetails, null);
        const blocked = await ctx.services.db.prisma.evaluation.findFirst({
          where: { jobId: j.id, status: "BLOCKED" },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { placement: true },
        });
        return jobStateDetails(j.stateDetails, blocked?.placement ?? null);
      },
    }),
  }),
});

const JobStatusRef = builder.objectRef<Job>("JobStatus").implement({
  description: "System-managed fields of a job (the observed state).",
  fields: (t) => ({
    state: t.field({ type: JobStateRef, resolve: (j) => j }),
    version: t.exposeInt("version", { description: "Rises only when the spec changes." }),
    revision: t.exposeInt("revision", { description: "Rises on every change of the job; revision >= version." }),
    createdAt: t.field({ type: "DateTime", resolve: (j) => j.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (j) => j.updatedAt }),
    deploymentId: t.string({
      nullable: true,
      description: "The rollout in progress (seed: deployment id); null when none is.",
      resolve: async (j, _a, ctx) => (await activeRollout(ctx.loaders, j))?.id ?? null,
    }),
    rollout: t.field({
      type: RolloutStatusRef,
      nullable: true,
      description: "The rollout in progress, RUNNING or PAUSED (seed: status.rollout, empty when no rollout is in progress); null otherwise.",
      resolve: (j, _a, ctx) => activeRollout(ctx.loaders, j),
    }),
    lastRollout: t.field({
      type: RolloutStatusRef,
      nullable: true,
      description: "The newest rollout that has ended, with its final state (SUCCEEDED, FAILED, CANCELLED); null when none has.",
      resolve: (j, _a, ctx) => lastFinishedRollout(ctx.services.db.prisma, ctx.loaders, j),
    }),
    latestRun: t.field({
      type: RunRef,
      nullable: true,
      resolve: (j, _a, ctx) => ctx.loaders.latestRun.load(j.id),
    }),
    runCounts: t.field({ type: RunCountsRef, resolve: (j, _a, ctx) => ctx.loaders.runCounts.load(j.id) }),
    nextFireAt: t.field({ type: "DateTime", nullable: true, description: "The next scheduled fire; null without a schedule or while it is suspended.", resolve: (j) => j.nextFireAt }),
    scheduleSuspended: t.boolean({
      description: "True while an operator has suspended the schedule (suspendSchedule); the job's version is unchanged.",
      resolve: (j) => j.scheduleSuspendedAt !== null && Boolean((j.spec as unknown as JobSpec).schedule),
    }),
    scheduleSuspendedAt: t.field({ type: "DateTime", nullable: true, resolve: (j) => j.scheduleSuspendedAt }),
    runningExecutions: t.int({
      description: "Executions of the job that are running now, on any version (the NODES column of a jobs table).",
      resolve: (j, _a, ctx) => ctx.loaders.jobRunningExecutions.load(j.id),
    }),
  }),
});

export const JobRef = builder.prismaNode("Job", {
  id: { field: "id" },
  description: "A job: what to run (spec) and how it is going (status).",
  fields: (t) => ({
    name: t.exposeString("name"),
    namespace: t.exposeString("namespace"),
    workspace: t.string({ description: 'The workspace part of the namespace ("acme" of "acme/web"; the namespace itself when flat).', resolve: (j) => namespaceParts(j.namespace).workspace }),
    project: t.string({ nullable: true, description: 'The project part of the namespace ("web" of "acme/web"); null when flat.', resolve: (j) => namespaceParts(j.namespace).project }),
    type: t.field({ type: JobTypeEnum, resolve: (j) => j.type as JobSpec["type"] }),
    spec: t.field({ type: JobSpecRef, resolve: (j) => j.spec as unknown as JobSpec }),
    status: t.field({ type: JobStatusRef, resolve: (j) => j }),
    versions: t.relation("versions", { query: { orderBy: { version: "desc" } } }),
  }),
});

export const JobVersionRef = builder.prismaObject("JobVersion", {
  description: "The immutable spec of one version of a job; what a rollback returns to.",
  fields: (t) => ({
    id: t.exposeID("id"),
    jobId: t.exposeString("jobId"),
    version: t.exposeInt("version"),
    sourceVersion: t.exposeInt("sourceVersion", { nullable: true, description: "Set when a rollback copied that version." }),
    spec: t.field({ type: JobSpecRef, resolve: (v) => v.spec as unknown as JobSpec }),
    createdAt: t.field({ type: "DateTime", resolve: (v) => v.createdAt }),
  }),
});

const StateCountRef = builder
  .objectRef<{ state: Job["state"]; count: number }>("JobStateCount")
  .implement({
    fields: (t) => ({
      state: t.field({ type: JobStateTypeEnum, resolve: (c) => c.state }),
      count: t.exposeInt("count"),
    }),
  });

interface JobPageExtras {
  /** Counted when the selection asks for them. */
  statusCounts: () => Promise<{ state: Job["state"]; count: number }[]>;
}

builder.queryFields((t) => ({
  job: t.prismaField({
    type: "Job",
    nullable: true,
    description: "One job, by id or by namespace and name.",
    args: { id: t.arg.id(), namespace: t.arg.string(), name: t.arg.string() },
    resolve: async (query, _root, args, ctx) => {
      // One read serves both the authorisation and the answer (with what the selection includes).
      const job = await ctx.services.db.prisma.job.findUnique({ ...query, where: jobWhere(args) });
      if (!job) return null;
      authorize(ctx.principal, "read", job.namespace);
      return job;
    },
  }),
  jobs: t.connection(
    {
      type: JobRef,
      description:
        "Jobs, oldest first, with filters. `seq` is the event-log position the list was read at: subscribe to jobEvents after it to miss nothing.",
      args: {
        namespace: t.arg.string({ description: "One namespace: a project (workspace/project) or a flat namespace." }),
        workspace: t.arg.string({ description: WORKSPACE_ARG_DESCRIPTION }),
        state: t.arg({ type: JobStateTypeEnum }),
        type: t.arg({ type: JobTypeEnum }),
        selector: t.arg.string({ description: 'Label selector over job labels, e.g. "env=prod,tier in (a,b)".' }),
      },
      resolve: async (_root, args, ctx) => {
        authorize(ctx.principal, "read", scopeNamespace(args));
        const reads = ctx.services.db.reads;
        const selector = parseSelectorArg(args.selector);
        const filter = [...scopeConds(args), ...eq("type", args.type), ...labelConds(selector, "JobLabel", "jobId", "Job")];
        const withState = [...filter, ...eq("state", args.state)];
        // ListCount keeps jobs by namespace, type and state: a label selector counts the matching rows instead.
        const counted = selector.length === 0;
        const list = await sqlListRows<Job>(reads, "Job", withState, args, counted ? { count: () => countedTotal(reads, "Job", withState) } : {});
        const statusCounts = once(async () =>
          (counted ? await countedBy<Job["state"]>(reads, "Job", "state", filter) : await countBy<Job["state"]>(reads, "Job", "state", filter)).map((g) => ({
            state: g.key,
            count: g.count,
          })),
        );
        return { ...list, statusCounts };
      },
    },
    {
      name: "JobConnection",
      fields: (c) => ({
        ...listFields(c),
        statusCounts: c.field({
          type: [StateCountRef],
          description: "Jobs per state under the same filters (the state filter aside).",
          resolve: (p) => (p as unknown as JobPageExtras).statusCounts(),
        }),
      }),
    },
  ),
  jobVersions: t.prismaField({
    type: ["JobVersion"],
    description: "Every version of a job, newest first.",
    args: { jobId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
      if (!job) throw new DroverError("NOT_FOUND", `job ${args.jobId} not found`, { field: "jobId" });
      authorize(ctx.principal, "read", job.namespace);
      return ctx.services.db.prisma.jobVersion.findMany({
        ...query,
        where: { jobId: job.id },
        orderBy: { version: "desc" },
      });
    },
  }),
}));
