import type { LogLine } from "../../db/client.ts";
import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { followLines, followMany } from "../../logs/read.ts";
import { tryParseDuration } from "../../../common/duration.ts";
import { queryLogs } from "../../logs/query.ts";
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


const LogOrderEnum = builder.enumType("LogOrder", { values: ["ASC", "DESC"] as const });

builder.queryFields((t) => ({
  logs: t.field({
    type: [LogLineRef],
    description:
      "Log lines of one execution, one run or one job (its executions merged, each line labelled with node and execution), in a window: since (a duration such as \"5m\") or start/end. filter is a substring, or /a regular expression/.",
    args: {
      executionId: t.arg.id(),
      runId: t.arg.id(),
      jobId: t.arg.id(),
      since: t.arg.string(),
      start: t.arg({ type: "DateTime" }),
      end: t.arg({ type: "DateTime" }),
      limit: t.arg.int({ defaultValue: 1000 }),
      filter: t.arg.string(),
      order: t.arg({ type: LogOrderEnum, defaultValue: "ASC" }),
    },
    resolve: async (_root, args, ctx) => {
      await authorizeScope(ctx, args);
      return queryLogs(ctx.services, args);
    },
  }),
}));

/** Reads the namespace of whichever scope was named, and checks the caller may read it. */
async function authorizeScope(ctx: Context, args: { executionId?: string | null; runId?: string | null; jobId?: string | null }) {
  const prisma = ctx.services.db.prisma;
  const found = args.executionId
    ? await prisma.execution.findUnique({ where: { id: args.executionId }, select: { namespace: true } })
    : args.runId
      ? await prisma.run.findUnique({ where: { id: args.runId }, select: { namespace: true } })
      : args.jobId
        ? await prisma.job.findUnique({ where: { id: args.jobId }, select: { namespace: true } })
        : null;
  const field = args.executionId ? "executionId" : args.runId ? "runId" : "jobId";
  if (!found) {
    if (!args.executionId && !args.runId && !args.jobId) {
      throw new DroverError("VALIDATION_FAILED", "give exactly one of executionId, runId and jobId", { field: "executionId" });
    }
    throw new DroverError("NOT_FOUND", `${field.replace("Id", "")} ${args[field as keyof typeof args]} not found`, { field });
  }
  authorize(ctx.principal, "read", found.namespace);
}

builder.subscriptionFields((t) => ({
  logLines: t.field({
    type: LogBatchRef,
    description:
      "Follows the log of an execution (from afterLineNo), or of a run or job with every execution merged and each line labelled (from `since` ago, default now): stored lines first, then live, in batches, with no gap and no duplicate.",
    args: {
      executionId: t.arg.id(),
      runId: t.arg.id(),
      jobId: t.arg.id(),
      afterLineNo: t.arg.int({ defaultValue: 0 }),
      since: t.arg.string({ description: 'For a run or job: how far back to start, e.g. "5m".' }),
    },
    subscribe: async function* (_root, args, ctx) {
      await authorizeScope(ctx, args);
      if (args.executionId) {
        yield* followLines(ctx.services, args.executionId, args.afterLineNo ?? 0);
        return;
      }
      let backlogMs = 0;
      if (args.since) {
        const d = tryParseDuration(args.since);
        if (!d.ok) throw new DroverError("VALIDATION_FAILED", `since: ${d.message}`, { field: "since" });
        backlogMs = d.ms;
      }
      yield* followMany(ctx.services, args.runId ? { runId: args.runId } : { jobId: args.jobId! }, backlogMs);
    },
    resolve: (b) => b,
  }),
}));
