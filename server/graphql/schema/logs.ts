import type { LogLine } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { followLines, readLines } from "../../logs/read.ts";
import type { Context } from "../context.ts";

export const LogLineRef = builder.objectRef<LogLine>("LogLine").implement({
  description: "One line of an execution's output. (executionId, lineNo) is its cursor.",
  fields: (t) => ({
    executionId: t.exposeID("executionId"),
    lineNo: t.exposeInt("lineNo"),
    jobId: t.exposeID("jobId"),
    runId: t.exposeID("runId", { nullable: true }),
    nodeId: t.exposeID("nodeId"),
    stream: t.exposeString("stream"),
    at: t.field({ type: "DateTime", resolve: (l) => l.at }),
    text: t.exposeString("text"),
  }),
});

const LogBatchRef = builder.objectRef<LogLine[]>("LogLineBatch").implement({
  fields: (t) => ({
    lines: t.field({ type: [LogLineRef], resolve: (b) => b }),
  }),
});

async function authorizeExecution(ctx: Context, executionId: string) {
  const ex = await ctx.services.db.prisma.execution.findUnique({ where: { id: executionId }, select: { namespace: true } });
  if (!ex) throw new DroverError("NOT_FOUND", `execution ${executionId} not found`, { field: "executionId" });
  authorize(ctx.principal, "read", ex.namespace);
}

builder.queryFields((t) => ({
  logs: t.field({
    type: [LogLineRef],
    description: "An execution's log lines after a line number, oldest first.",
    args: {
      executionId: t.arg.id({ required: true }),
      afterLineNo: t.arg.int({ defaultValue: 0 }),
      limit: t.arg.int({ defaultValue: 1000 }),
    },
    resolve: async (_root, args, ctx) => {
      await authorizeExecution(ctx, args.executionId);
      const limit = args.limit ?? 1000;
      if (limit < 1 || limit > 10_000) throw new DroverError("VALIDATION_FAILED", "limit must be 1-10000", { field: "limit" });
      return readLines(ctx.services, args.executionId, args.afterLineNo ?? 0, limit);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  logLines: t.field({
    type: LogBatchRef,
    description: "Follows an execution's log from a line number: stored lines first, then live, in batches, with no gap and no duplicate.",
    args: { executionId: t.arg.id({ required: true }), afterLineNo: t.arg.int({ defaultValue: 0 }) },
    subscribe: async function* (_root, args, ctx) {
      await authorizeExecution(ctx, args.executionId);
      yield* followLines(ctx.services, args.executionId, args.afterLineNo ?? 0);
    },
    resolve: (b) => b,
  }),
}));
