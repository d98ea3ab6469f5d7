import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { tryParseDuration } from "../../../common/duration.ts";
import { computeSeries, isMetricName, METRICS, type Point } from "../../metrics/series.ts";

interface Series {
  name: string;
  status: "success" | "error";
  error: string | null;
  unit: string | null;
  points: Point[];
}

const PointRef = builder.objectRef<Point>("MetricPoint").implement({
  fields: (t) => ({
    at: t.field({ type: "DateTime", resolve: (p) => p.at }),
    value: t.exposeFloat("value"),
    requested: t.float({
      nullable: true,
      description:
        "What the same executions reserved, aggregated like value: cpu_usage's average cores requested per instance, memory_usage's total bytes requested; null when none requested it.",
      resolve: (p) => p.requested,
    }),
  }),
});

const SeriesRef = builder.objectRef<Series>("MetricSeries").implement({
  description: "One metric's time series with its own status, so one failing metric does not fail the others.",
  fields: (t) => ({
    name: t.exposeString("name"),
    status: t.exposeString("status", { description: "success or error" }),
    error: t.exposeString("error", { nullable: true }),
    unit: t.exposeString("unit", { nullable: true }),
    points: t.field({ type: [PointRef], resolve: (s) => s.points }),
  }),
});

const DEFAULT_NAMES = Object.keys(METRICS);

function duration(text: string, field: string): number {
  const d = tryParseDuration(text);
  if (!d.ok) throw new DroverError("VALIDATION_FAILED", `${field}: ${d.message}`, { field });
  return d.ms;
}

builder.queryFields((t) => ({
  metrics: t.field({
    type: [SeriesRef],
    description:
      "cpu_usage (cores, averaged across instances) and memory_usage (bytes, summed across instances) of a job, a run or an execution, bucketed by step.",
    args: {
      jobId: t.arg.id(),
      runId: t.arg.id(),
      executionId: t.arg.id(),
      names: t.arg.stringList({ description: "Default: every metric." }),
      since: t.arg.string({ description: 'A duration back from now, e.g. "15m" (default).' }),
      start: t.arg({ type: "DateTime" }),
      end: t.arg({ type: "DateTime" }),
      step: t.arg.string({ description: 'Bucket width, e.g. "15s" (default).' }),
    },
    resolve: async (_root, args, ctx) => {
      const prisma = ctx.services.db.prisma;
      const scopes = [args.jobId, args.runId, args.executionId].filter(Boolean);
      if (scopes.length !== 1) throw new DroverError("VALIDATION_FAILED", "give exactly one of jobId, runId and executionId", { field: "jobId" });
      const owner = args.jobId
        ? await prisma.job.findUnique({ where: { id: args.jobId }, select: { namespace: true } })
        : args.runId
          ? await prisma.run.findUnique({ where: { id: args.runId }, select: { namespace: true } })
          : await prisma.execution.findUnique({ where: { id: args.executionId! }, select: { namespace: true } });
      const field = args.jobId ? "jobId" : args.runId ? "runId" : "executionId";
      if (!owner) throw new DroverError("NOT_FOUND", `${scopes[0]} not found`, { field });
      authorize(ctx.principal, "read", owner.namespace);
      if (args.since && args.start) throw new DroverError("VALIDATION_FAILED", "give since or start, not both", { field: "start" });
      const now = ctx.services.clock.now();
      const end = args.end ?? now;
      const start = args.start ?? new Date(end.getTime() - duration(args.since ?? "15m", "since"));
      const stepMs = duration(args.step ?? "15s", "step");
      if (stepMs < 1000) throw new DroverError("VALIDATION_FAILED", "step must be at least 1s", { field: "step" });
      if ((end.getTime() - start.getTime()) / stepMs > 10_000) {
        throw new DroverError("VALIDATION_FAILED", "window / step gives more than 10,000 points; use a larger step", { field: "step" });
      }
      const samples = await prisma.metricSample.findMany({
        where: {
          ...(args.jobId ? { jobId: args.jobId } : args.runId ? { runId: args.runId } : { executionId: args.executionId! }),
          at: { gte: start, lte: end },
        },
        orderBy: { at: "asc" },
      });
      const ids = [...new Set(samples.map((s) => s.executionId))];
      const reserved = ids.length
        ? await prisma.execution.findMany({ where: { id: { in: ids } }, select: { id: true, cpuRequested: true, memoryRequested: true } })
        : [];
      const requests = new Map(reserved.map((e) => [e.id, { cpu: e.cpuRequested, memory: e.memoryRequested }]));
      return (args.names ?? DEFAULT_NAMES).map((name): Series => {
        if (!isMetricName(name)) {
          return { name, status: "error", error: `unknown metric "${name}"; known: ${DEFAULT_NAMES.join(", ")}`, unit: null, points: [] };
        }
        return { name, status: "success", error: null, unit: METRICS[name].unit, points: computeSeries(name, samples, stepMs, requests) };
      });
    },
  }),
}));
