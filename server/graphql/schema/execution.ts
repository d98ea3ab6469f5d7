import { scopeNamespace, scopeWhere, WORKSPACE_ARG_DESCRIPTION } from "../namespace-scope.ts";
import type { Execution } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { listRows } from "../list-rows.ts";
import { versionKey } from "../loaders.ts";
import { authorize } from "../../auth/principal.ts";
import type { JobSpec } from "../../spec/types.ts";
import { listFields } from "../list-fields.ts";
import { JobSpecRef } from "./job-spec.ts";
import { JobTypeEnum } from "./enums.ts";
import { desiredStateDetails, executionDetails } from "../state-details.ts";

export const ExecutionComputeStateTypeEnum = builder.enumType("ExecutionComputeStateType", {
  values: ["PENDING", "STARTING", "RUNNING", "DEGRADED", "COMPLETE", "FAILED", "LOST", "STOPPING", "STOPPED"] as const,
});

export const ExecutionDesiredStateTypeEnum = builder.enumType("ExecutionDesiredStateType", {
  values: ["PENDING", "RUNNING", "STOPPED"] as const,
});

const ComputeStateRef = builder.objectRef<Execution>("ExecutionComputeState").implement({
  description: "What the execution is actually doing on its node.",
  fields: (t) => ({
    stateType: t.field({ type: ExecutionComputeStateTypeEnum, resolve: (e) => e.computeState }),
    message: t.exposeString("computeMessage"),
    details: t.field({ type: "StringMap", resolve: (e) => (e.computeDetails ?? {}) as Record<string, string> }),
  }),
});

const DesiredStateRef = builder.objectRef<Execution>("ExecutionDesiredState").implement({
  description: "What the execution should be doing.",
  fields: (t) => ({
    stateType: t.field({ type: ExecutionDesiredStateTypeEnum, resolve: (e) => e.desiredState }),
    message: t.exposeString("desiredMessage"),
    details: t.field({
      type: "StringMap",
      description: "Why the scheduler wants it so: code (e.g. PLACED, RESTART; for a stop JOB_STOPPED, RUN_ENDED, REPLACED, NODE_LOST), component, hint, attempt.",
      resolve: (e) => desiredStateDetails(e),
    }),
  }),
});

export const ExecutionRef = builder.prismaNode("Execution", {
  id: { field: "id" },
  description: "One placement of one job version on one node.",
  fields: (t) => ({
    jobId: t.exposeString("jobId"),
    namespace: t.exposeString("namespace"),
    nodeId: t.exposeString("nodeId"),
    jobType: t.field({ type: JobTypeEnum, resolve: (e) => e.jobType as JobSpec["type"] }),
    jobVersion: t.exposeInt("jobVersion"),
    jobSpec: t.field({
      type: JobSpecRef,
      nullable: true,
      description: "The spec of the job version this execution runs.",
      resolve: async (e, _a, ctx) => ((await ctx.loaders.jobVersionSpec.load(versionKey(e.jobId, e.jobVersion))) ?? null) as JobSpec | null,
    }),
    runId: t.exposeString("runId", { nullable: true }),
    evalId: t.exposeString("evalId", { nullable: true }),
    deploymentId: t.exposeString("deploymentId", { nullable: true }),
    computeState: t.field({ type: ComputeStateRef, resolve: (e) => e }),
    desiredState: t.field({ type: DesiredStateRef, resolve: (e) => e }),
    details: t.field({
      type: "StringMap",
      description:
        "Structured metadata about the current state (seed: error codes, hints, component info): code (the agent's, e.g. NO_COMMAND, NONZERO_EXIT, SIGNALED, or NODE_LOST), component, hint, exitCode, signal, nodeId, attempt.",
      resolve: (e) => executionDetails(e),
    }),
    previousExecutionId: t.exposeString("previousExecutionId", { nullable: true }),
    nextExecutionId: t.exposeString("nextExecutionId", { nullable: true }),
    revision: t.exposeInt("revision"),
    attempt: t.exposeInt("attempt"),
    exitCode: t.exposeInt("exitCode", { nullable: true }),
    startedAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.startedAt }),
    finishedAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.finishedAt }),
    stableAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.stableAt }),
    createdAt: t.field({ type: "DateTime", resolve: (e) => e.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (e) => e.updatedAt }),
  }),
});

builder.queryFields((t) => ({
  execution: t.prismaField({
    type: "Execution",
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const e = await ctx.services.db.prisma.execution.findUnique({ ...query, where: { id: args.id } });
      if (e) authorize(ctx.principal, "read", e.namespace);
      return e;
    },
  }),
  executions: t.connection(
    {
      type: ExecutionRef,
      description: "Executions in creation order, filtered by job, node, run and state.",
      args: {
        namespace: t.arg.string(),
        workspace: t.arg.string({ description: WORKSPACE_ARG_DESCRIPTION }),
        jobId: t.arg.id(),
        nodeId: t.arg.id(),
        runId: t.arg.id(),
        state: t.arg({ type: ExecutionComputeStateTypeEnum }),
      },
      resolve: async (_root, args, ctx) => {
        authorize(ctx.principal, "read", scopeNamespace(args));
        const prisma = ctx.services.db.prisma;
        const filter = {
          ...scopeWhere(args),
          ...(args.jobId ? { jobId: args.jobId } : {}),
          ...(args.nodeId ? { nodeId: args.nodeId } : {}),
          ...(args.runId ? { runId: args.runId } : {}),
          ...(args.state ? { computeState: args.state } : {}),
        };
        return listRows(prisma, prisma.execution, filter, args);
      },
    },
    {
      name: "ExecutionConnection",
      fields: (c) => listFields(c),
    },
  ),
}));
