import { builder } from "../builder.ts";
import { listRows } from "../list-rows.ts";
import { authorize } from "../../auth/principal.ts";
import { listFields } from "../list-fields.ts";

export const EvaluationStatusEnum = builder.enumType("EvaluationStatus", {
  values: ["PENDING", "RUNNING", "BLOCKED", "COMPLETE", "FAILED", "CANCELLED"] as const,
});

export const EvaluationRef = builder.prismaNode("Evaluation", {
  id: { field: "id" },
  description: "A durable request to reconcile one job, and what the scheduler made of it.",
  fields: (t) => ({
    jobId: t.exposeString("jobId"),
    namespace: t.exposeString("namespace"),
    triggeredBy: t.exposeString("triggeredBy"),
    priority: t.exposeInt("priority"),
    jobVersion: t.exposeInt("jobVersion"),
    status: t.field({ type: EvaluationStatusEnum, resolve: (e) => e.status }),
    statusMessage: t.exposeString("statusMessage"),
    placement: t.field({
      type: "JSON",
      nullable: true,
      description: "Why not everything was placed: [{check, term, filteredOut, remaining}] and the sentence.",
      resolve: (e) => e.placement,
    }),
    runId: t.exposeString("runId", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (e) => e.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (e) => e.updatedAt }),
  }),
});

builder.queryFields((t) => ({
  evaluations: t.connection(
    {
      type: EvaluationRef,
      description: "Evaluations in creation order.",
      args: { namespace: t.arg.string(), jobId: t.arg.id(), status: t.arg({ type: EvaluationStatusEnum }) },
      resolve: async (_root, args, ctx) => {
        authorize(ctx.principal, "read", args.namespace ?? null);
        const prisma = ctx.services.db.prisma;
        const filter = {
          ...(args.namespace ? { namespace: args.namespace } : {}),
          ...(args.jobId ? { jobId: args.jobId } : {}),
          ...(args.status ? { status: args.status } : {}),
        };
        return listRows(prisma, prisma.evaluation, filter, args);
      },
    },
    {
      name: "EvaluationConnection",
      fields: (c) => listFields(c),
    },
  ),
}));
