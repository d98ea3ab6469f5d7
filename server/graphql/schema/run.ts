import { scopeNamespace, WORKSPACE_ARG_DESCRIPTION } from "../namespace-scope.ts";
import type { PrismaClient } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { listRows } from "../list-rows.ts";
import { once } from "../pagination.ts";
import type { Loaders } from "../loaders.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { listFields } from "../list-fields.ts";
import { findJob } from "../../jobs/find.ts";
import { triggerRun } from "../../runs/trigger.ts";
import { cancelRun } from "../../runs/cancel.ts";
import { retryRun } from "../../runs/retry.ts";
import { RUN_EVENT_TYPES, reviveRun } from "../../events/topics.ts";
import type { Run } from "../../db/client.ts";
import type { RunCounts } from "../run-counts.ts";
import { eventObject } from "../event-object.ts";
import { OverlapPolicyEnum, RunStateEnum } from "./enums.ts";
import { SHARED_UNLESS } from "../../http/shared-subscriptions.ts";

export const RunRef = builder.prismaNode("Run", {
  id: { field: "id" },
  description: "One invocation of a run-to-completion job, manual or cron-fired.",
  fields: (t) => ({
    jobId: t.exposeString("jobId"),
    namespace: t.exposeString("namespace"),
    jobVersion: t.exposeInt("jobVersion"),
    state: t.field({ type: RunStateEnum, resolve: (r) => r.state }),
    trigger: t.exposeString("trigger"),
    scheduledAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.scheduledAt }),
    idempotencyKey: t.exposeString("idempotencyKey", { nullable: true }),
    exitCode: t.exposeInt("exitCode", { nullable: true }),
    error: t.exposeString("error", { nullable: true }),
    message: t.exposeString("message"),
    operation: t.field({ type: "JSON", resolve: (r) => r.operation }),
    result: t.field({ type: "JSON", nullable: true, resolve: (r) => r.result }),
    changed: t.exposeBoolean("changed", { nullable: true }),
    hostname: t.exposeString("hostname", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
    startedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.startedAt }),
    finishedAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.finishedAt }),
    retryOfRunId: t.exposeString("retryOfRunId", { nullable: true }),
    retriedByRunId: t.exposeString("retriedByRunId", { nullable: true }),
    nodeIds: t.stringList({ nullable: true, description: "A retry over some nodes only.", resolve: (r) => (r.nodeIds as string[] | null) ?? null }),
    meta: t.field({
      type: "StringMap",
      description: "The meta values this run was given for the job's parameters, defaults applied; each reached its processes as DROVER_META_<KEY>.",
      resolve: (r) => (r.meta ?? {}) as Record<string, string>,
    }),
    payload: t.exposeString("payload", { nullable: true, description: "The payload this run was given; its processes read it from the file DROVER_PAYLOAD_FILE names." }),
    updatedAt: t.field({ type: "DateTime", resolve: (r) => r.updatedAt }),
  }),
});


export const RunCountsRef = builder.objectRef<RunCounts>("RunCounts").implement({
  description: "Runs of a job by state.",
  fields: (t) => ({
    pending: t.exposeInt("pending"),
    queued: t.exposeInt("queued"),
    running: t.exposeInt("running"),
    succeeded: t.exposeInt("succeeded"),
    failed: t.exposeInt("failed"),
    partialFailure: t.exposeInt("partialFailure"),
    cancelled: t.exposeInt("cancelled"),
    total: t.exposeInt("total"),
  }),
});

const RunStateCountRef = builder.objectRef<{ state: Run["state"]; count: number }>("RunStateCount").implement({
  fields: (t) => ({
    state: t.field({ type: RunStateEnum, resolve: (c) => c.state }),
    count: t.exposeInt("count"),
  }),
});

const TriggerRunPayloadRef = builder
  .objectRef<Awaited<ReturnType<typeof triggerRun>>>("TriggerRunPayload")
  .implement({
    fields: (t) => ({
      run: t.field({ type: RunRef, resolve: (r) => r.run }),
      created: t.exposeBoolean("created", { description: "False when the idempotency key returned an earlier run." }),
    }),
  });

builder.queryFields((t) => ({
  run: t.prismaField({
    type: "Run",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const run = await ctx.services.db.prisma.run.findUnique({ ...query, where: { id: args.id } });
      if (run) authorize(ctx.principal, "read", run.namespace);
      return run;
    },
  }),
  runs: t.connection(
    {
      type: RunRef,
      description: "Runs of a job, newest first, with totalCount, statusCounts and the seq they were read at.",
      args: { jobId: t.arg.id({ required: true }), state: t.arg({ type: RunStateEnum }) },
      resolve: async (_root, args, ctx) => {
        const prisma = ctx.services.db.prisma;
        const job = await findJob(prisma, { id: args.jobId });
        if (!job) throw new DroverError("NOT_FOUND", `job ${args.jobId} not found`, { field: "jobId" });
        authorize(ctx.principal, "read", job.namespace);
        const filter = { jobId: job.id, ...(args.state ? { state: args.state } : {}) };
        const list = await listRows(prisma, prisma.run, filter, args, { newestFirst: true });
        // Counted when the selection asks for them.
        const statusCounts = once(async () =>
          (await prisma.run.groupBy({ by: ["state"], where: { jobId: job.id }, _count: { _all: true } })).map((g) => ({ state: g.state, count: g._count._all })),
        );
        return { ...list, statusCounts };
      },
    },
    {
      name: "RunConnection",
      fields: (c) => ({
        ...listFields(c),
        statusCounts: c.field({
          type: [RunStateCountRef],
          description: "Runs of the job per state (the state filter aside).",
          resolve: (p) => (p as unknown as { statusCounts: () => Promise<{ state: Run["state"]; count: number }[]> }).statusCounts(),
        }),
      }),
    },
  ),
}));

builder.mutationFields((t) => ({
  triggerRun: t.field({
    type: TriggerRunPayloadRef,
    description: "Starts a run of a batch or broadcast job now. The same idempotencyKey returns the same run.",
    args: {
      jobId: t.arg.id({ required: true }),
      idempotencyKey: t.arg.string({ description: "The same key returns the same run; the same key with other arguments is CONFLICT." }),
      overlapPolicy: t.arg({
        type: OverlapPolicyEnum,
        description: "Unset: run now regardless. FORBID: refuse while a run is active. REPLACE: cancel active runs first.",
      }),
      meta: t.arg({
        type: "StringMap",
        description: "Values for the job's parameters (spec.parameters): every required key, any optional one. An unknown or missing key is VALIDATION_FAILED with field meta.<key>.",
      }),
      payload: t.arg.string({
        description: "A payload for the run's processes (a file named by DROVER_PAYLOAD_FILE), up to spec.parameters.payloadMaxBytes; more, or one when the job takes none, is VALIDATION_FAILED with field payload.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const job = await findJob(ctx.services.db.prisma, { id: args.jobId });
      authorize(ctx.principal, "write", job?.namespace ?? null);
      return triggerRun(ctx.services, { id: args.jobId }, {
        idempotencyKey: args.idempotencyKey,
        overlapPolicy: args.overlapPolicy,
        meta: args.meta,
        payload: args.payload,
      });
    },
  }),
  retryRun: t.field({
    type: RunRef,
    description: "A new run of a finished run; for a broadcast only over the nodes that did not succeed, unless all: true.",
    args: { id: t.arg.id({ required: true }), all: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, args, ctx) => {
      const run = await ctx.services.db.prisma.run.findUnique({ where: { id: args.id }, select: { namespace: true } });
      authorize(ctx.principal, "write", run?.namespace ?? null);
      return (await retryRun(ctx.services, args.id, args.all ?? false)).run;
    },
  }),
  cancelRun: t.field({
    type: RunRef,
    description: "Stops a PENDING, QUEUED or RUNNING run (its processes are killed) and marks it CANCELLED. A finished run: INVALID_STATE.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const run = await ctx.services.db.prisma.run.findUnique({ where: { id: args.id }, select: { namespace: true } });
      authorize(ctx.principal, "write", run?.namespace ?? null);
      return (await cancelRun(ctx.services, args.id, args.reason)).run;
    },
  }),
}));

const RunEventTypeEnum = builder.enumType("RunEventType", { values: RUN_EVENT_TYPES });

const RunEventRef = eventObject<Run>({
  name: "RunEvent",
  description: "One change of a run; `run` is its snapshot at that change.",
  types: RunEventTypeEnum,
  field: "run",
  object: RunRef,
  revive: reviveRun,
});

builder.subscriptionFields((t) => ({
  runEvents: t.field({
    // Without `after` every subscriber sees the same live events: subscribers that ask alike share one execution.
    extensions: { [SHARED_UNLESS]: "after" },
    type: RunEventRef,
    description: "Run changes of a job (or one run), resumable with `after` like jobEvents.",
    args: {
      jobId: t.arg.id(),
      runId: t.arg.id(),
      namespace: t.arg.string(),
      workspace: t.arg.string({ description: WORKSPACE_ARG_DESCRIPTION }),
      after: t.arg({ type: "Seq" }),
    },
    subscribe: (_root, args, ctx) => {
      authorize(ctx.principal, "read", scopeNamespace(args));
      return ctx.services.tailer.subscribe(
        {
          types: RUN_EVENT_TYPES,
          jobId: args.jobId ?? undefined,
          runId: args.runId ?? undefined,
          namespace: args.namespace ?? undefined,
          workspace: args.workspace ?? undefined,
        },
        args.after,
      );
    },
    resolve: (e) => e,
  }),
}));

/** One node's answer in a broadcast run (seeds/broadcast-jobs-list.txt `responses`), keyed by nodeId. */
interface NodeResponse {
  nodeId: string;
  hostname: string | null;
  status: string;
  data: unknown;
  changed: boolean | null;
  error: string | null;
  duration: string | null;
}

const STATUS: Record<string, string> = {
  PENDING: "submitted",
  STARTING: "acknowledged",
  RUNNING: "started",
  COMPLETE: "completed",
  FAILED: "failed",
  LOST: "failed",
  STOPPED: "failed",
};

const NodeResponseRef = builder.objectRef<NodeResponse>("NodeResponse").implement({
  description: "One node's answer: what DROVER_RESULT_FILE held ({changed, data}), or why it failed.",
  fields: (t) => ({
    nodeId: t.exposeID("nodeId"),
    hostname: t.exposeString("hostname", { nullable: true }),
    status: t.exposeString("status", { description: "submitted, acknowledged, started, completed, failed or skipped." }),
    data: t.field({ type: "JSON", nullable: true, resolve: (r) => r.data ?? null }),
    changed: t.exposeBoolean("changed", { nullable: true }),
    error: t.exposeString("error", { nullable: true }),
    duration: t.exposeString("duration", { nullable: true, description: 'How long the node took, e.g. "1.234s".' }),
  }),
});

/** Each node's latest execution of the run, as the seed's per-node answer. */
/** Batched across the runs of a page: two queries for the whole list. */
async function nodeAnswers(run: Run, loaders: Loaders): Promise<NodeResponse[]> {
  const [execs, timeline] = await Promise.all([loaders.runExecutions.load(run.id), loaders.runTimeline.load(run.id)]);
  const latest = new Map<string, (typeof execs)[number]>();
  for (const e of execs) latest.set(e.nodeId, e);
  return [...latest.values()]
    .sort((a, b) => a.nodeId.localeCompare(b.nodeId))
    .map((e) => {
      const own = timeline.filter((t) => t.executionId === e.id);
      const answer = [...own].reverse().find((t) => t.event === "completed" || t.event === "failed");
      const skipped = (e.computeDetails as Record<string, string>)?.skipped === "true";
      const ms = e.startedAt && e.finishedAt ? e.finishedAt.getTime() - e.startedAt.getTime() : null;
      const failed = e.computeState === "FAILED" || e.computeState === "LOST" || e.computeState === "STOPPED";
      return {
        nodeId: e.nodeId,
        hostname: own.find((t) => t.hostname)?.hostname ?? null,
        status: skipped ? "skipped" : (STATUS[e.computeState] ?? "submitted"),
        data: answer?.data ?? null,
        changed: answer?.changed ?? null,
        error: failed ? e.computeMessage || answer?.error || null : null,
        duration: ms === null ? null : `${(ms / 1000).toFixed(3)}s`,
      };
    });
}

const AgentStateRef = builder.objectRef<NodeResponse>("AgentState").implement({
  description: "One node's processing state in a run (the seed's agent_states), keyed by nodeId.",
  fields: (t) => ({
    nodeId: t.exposeID("nodeId"),
    status: t.exposeString("status"),
    error: t.exposeString("error", { nullable: true }),
    duration: t.exposeString("duration", { nullable: true }),
  }),
});

builder.objectFields(RunRef, (t) => ({
  responses: t.field({
    type: [NodeResponseRef],
    description: "Per-node answers of the run's latest execution on each node, in node order.",
    resolve: (run, _a, ctx) => nodeAnswers(run, ctx.loaders),
  }),
  agentStates: t.field({
    type: [AgentStateRef],
    description: "Per-node processing state, in node order.",
    resolve: (run, _a, ctx) => nodeAnswers(run, ctx.loaders),
  }),
}));

interface TimelineEntry {
  timestamp: Date;
  event: string;
  hostname: string | null;
  nodeId: string | null;
  message: string;
  error: string | null;
}

const TimelineEntryRef = builder.objectRef<TimelineEntry>("RunTimelineEntry").implement({
  description: "One step of a run's lifecycle (seeds/broadcast-jobs-list.txt `timeline`).",
  fields: (t) => ({
    timestamp: t.field({ type: "DateTime", resolve: (e) => e.timestamp }),
    event: t.exposeString("event", { description: "submitted, acknowledged, started, completed, failed, skipped or retried." }),
    hostname: t.exposeString("hostname", { nullable: true }),
    nodeId: t.exposeString("nodeId", { nullable: true }),
    message: t.exposeString("message"),
    error: t.exposeString("error", { nullable: true }),
  }),
});

builder.objectField(RunRef, "timeline", (t) =>
  t.field({
    type: [TimelineEntryRef],
    description: "The run's lifecycle in time order, starting with its submission.",
    resolve: async (run, _a, ctx) => {
      const rows = await ctx.loaders.runTimeline.load(run.id);
      return [
        { timestamp: run.createdAt, event: "submitted", hostname: null, nodeId: null, message: `${run.trigger.toLowerCase()} trigger`, error: null },
        ...rows.map((r) => ({ timestamp: r.at, event: r.event, hostname: r.hostname, nodeId: r.nodeId, message: r.message, error: r.error })),
      ];
    },
  }),
);
