import { builder } from "../builder.ts";
import { authorize } from "../../auth/principal.ts";
import { DroverError } from "../../errors.ts";
import { registerNode } from "../../nodes/service.ts";
import { admissionStatements, checkRegistrationText } from "../../agents/join.ts";
import { heartbeat } from "../../agents/heartbeat.ts";
import { reportExecutions, type ReportOutcome } from "../../agents/reports.ts";
import { ingestLogLines, ingestMetricSamples } from "../../agents/ingest.ts";
import { nodeAssignments, type Assignment, type AssignmentBatch } from "../../agents/assignments.ts";
import type { RunValuesForAgent } from "../../agents/run-values.ts";
import { JobSpecRef } from "./job-spec.ts";
import { NodeRef } from "./node.ts";
import { ExecutionComputeStateTypeEnum } from "./execution.ts";

// ---- Registration ----

const RegisterNodeInput = builder.inputType("RegisterNodeInput", {
  fields: (t) => ({
    nodeId: t.string({ required: true, description: "Must start with node-." }),
    hostname: t.string({ required: true }),
    labels: t.field({ type: "StringMap" }),
    capacity: t.int({ required: true, description: "Maximum concurrent executions." }),
    cpuCores: t.float({ description: "Cores the node has (0.001-1024). Omitted: unknown, and the node takes only executions that request no cpu." }),
    memoryBytes: t.float({ description: "Memory the node has, in bytes (up to 2^50). Omitted: unknown, and the node takes only executions that request no memory." }),
    runtimes: t.field({ type: "JSON", description: "Container runtimes the agent found." }),
    agentVersion: t.string(),
  }),
});

const RegisterNodePayloadRef = builder
  .objectRef<Awaited<ReturnType<typeof registerNode>>>("RegisterNodePayload")
  .implement({
    fields: (t) => ({
      node: t.field({ type: NodeRef, resolve: (r) => r.node }),
      token: t.exposeString("token", { description: "A node token bound to this node; keep it for later connections." }),
    }),
  });

// ---- Reports ----

const ExecutionReportInput = builder.inputType("ExecutionReportInput", {
  fields: (t) => ({
    executionId: t.id({ required: true }),
    counter: t.int({ required: true, description: "Rises with each report for this execution; a resend changes nothing." }),
    computeState: t.field({ type: ExecutionComputeStateTypeEnum, required: true }),
    message: t.string(),
    exitCode: t.int(),
    details: t.field({ type: "StringMap" }),
    result: t.field({ type: "JSON", description: "A broadcast node's answer (data)." }),
    changed: t.boolean(),
    at: t.field({ type: "DateTime" }),
  }),
});

const ReportOutcomeRef = builder.objectRef<ReportOutcome>("ExecutionReportOutcome").implement({
  fields: (t) => ({
    executionId: t.exposeID("executionId"),
    applied: t.exposeBoolean("applied"),
    desiredState: t.exposeString("desiredState"),
  }),
});

const LogLineInput = builder.inputType("LogLineInput", {
  fields: (t) => ({
    executionId: t.id({ required: true }),
    lineNo: t.int({ required: true, description: "Assigned by the agent from 1; (executionId, lineNo) is the cursor." }),
    stream: t.string({ required: true, description: "stdout or stderr" }),
    at: t.field({ type: "DateTime", required: true }),
    text: t.string({ required: true }),
  }),
});

const LogBatchInput = builder.inputType("LogBatchInput", {
  description:
    "Lines of one execution as parallel lists (line i is lineNos[i], streams[i], at[i], texts[i]): the same data as LogLineInput, with one object per execution instead of per line, which a busy agent sends at a fraction of the cost.",
  fields: (t) => ({
    executionId: t.id({ required: true }),
    lineNos: t.intList({ required: true }),
    streams: t.stringList({ required: true, description: "stdout or stderr, per line" }),
    at: t.field({ type: ["DateTime"], required: true }),
    texts: t.stringList({ required: true }),
  }),
});

/** Spreads compact batches into lines; lists of different lengths are refused before anything is stored. */
function linesOfBatches(batches: { executionId: string; lineNos: number[]; streams: string[]; at: Date[]; texts: string[] }[]) {
  const lines: { executionId: string; lineNo: number; stream: string; at: Date; text: string }[] = [];
  batches.forEach((b, i) => {
    const n = b.lineNos.length;
    if (b.streams.length !== n || b.at.length !== n || b.texts.length !== n) {
      throw new DroverError("VALIDATION_FAILED", `batch ${i}: lineNos, streams, at and texts must have the same length`, { field: `batches.${i}` });
    }
    for (let k = 0; k < n; k++) lines.push({ executionId: b.executionId, lineNo: b.lineNos[k], stream: b.streams[k], at: b.at[k], text: b.texts[k] });
  });
  return lines;
}

const MetricSampleInput = builder.inputType("MetricSampleInput", {
  fields: (t) => ({
    executionId: t.id({ required: true }),
    sampleNo: t.int({ required: true }),
    at: t.field({ type: "DateTime", required: true }),
    cpuCores: t.float({ required: true }),
    memoryBytes: t.float({ required: true }),
  }),
});

const HeartbeatPayloadRef = builder
  .objectRef<Awaited<ReturnType<typeof heartbeat>>>("HeartbeatPayload")
  .implement({
    fields: (t) => ({
      node: t.field({ type: NodeRef, resolve: (r) => r.node }),
      serverTime: t.field({ type: "DateTime", resolve: (r) => r.serverTime }),
    }),
  });

builder.mutationFields((t) => ({
  registerNode: t.field({
    type: RegisterNodePayloadRef,
    description:
      "An agent registers its node and receives a node token (earlier tokens of the node are revoked). A new node id needs a join or admin token; an existing one its own node token, or an admin token while the node is not live (READY or DRAINING with a heartbeat within the TTL). Refused registrations use up nothing.",
    args: { input: t.arg({ type: RegisterNodeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      checkRegistrationText(input);
      const revoked: string[] = [];
      const result = await registerNode(
        ctx.services,
        {
          nodeId: input.nodeId,
          hostname: input.hostname,
          labels: input.labels ?? {},
          capacity: input.capacity,
          cpuCores: input.cpuCores,
          memoryBytes: input.memoryBytes,
          runtimes: (input.runtimes ?? {}) as Record<string, unknown>,
          agentVersion: input.agentVersion,
        },
        (existing) => {
          // A retried attempt decides again from the row it read; only the committed attempt's ids count.
          revoked.length = 0;
          return admissionStatements(ctx.services, ctx.principal, input.nodeId, existing, revoked);
        },
      );
      ctx.services.auth.revoked(revoked);
      return result;
    },
  }),
  heartbeat: t.field({
    type: HeartbeatPayloadRef,
    description: "An agent says its node is alive, and may say what it has now (cpu cores, memory bytes; each omitted one stays as it was).",
    args: { nodeId: t.arg.id({ required: true }), cpuCores: t.arg.float(), memoryBytes: t.arg.float() },
    resolve: (_root, args, ctx) => {
      authorize(ctx.principal, "node", null, args.nodeId);
      return heartbeat(ctx.services, args.nodeId, { cpuCores: args.cpuCores, memoryBytes: args.memoryBytes });
    },
  }),
  reportExecutionStates: t.field({
    type: [ReportOutcomeRef],
    description: "An agent reports state changes of executions on its node; each is idempotent by counter.",
    args: {
      nodeId: t.arg.id({ required: true }),
      reports: t.arg({ type: [ExecutionReportInput], required: true }),
    },
    resolve: (_root, args, ctx) => {
      authorize(ctx.principal, "node", null, args.nodeId);
      return reportExecutions(ctx.services, args.nodeId, args.reports);
    },
  }),
  reportLogs: t.int({
    description:
      "An agent sends log lines, one object per line (lines) or per execution (batches), or both; resends are ignored by (executionId, lineNo). Returns lines accepted.",
    args: {
      nodeId: t.arg.id({ required: true }),
      lines: t.arg({ type: [LogLineInput] }),
      batches: t.arg({ type: [LogBatchInput] }),
    },
    resolve: async (_root, args, ctx) => {
      authorize(ctx.principal, "node", null, args.nodeId);
      const objects = args.lines ?? [];
      const batches = args.batches ?? [];
      const lines = [...objects, ...linesOfBatches(batches)];
      // Line i of the whole request, named as the client sent it: lines.i.lineNo, or batches.b.lineNos.k.
      const origin = batches.flatMap((b, bi) => b.lineNos.map((_, k) => [bi, k] as const));
      const plural: Record<string, string> = { lineNo: "lineNos", stream: "streams", at: "at", text: "texts" };
      const fieldOf = (i: number, name: string) => {
        if (i < objects.length) return `lines.${i}.${name}`;
        const [bi, k] = origin[i - objects.length];
        return `batches.${bi}.${plural[name] ?? name}.${k}`;
      };
      const stored = await ingestLogLines(ctx.services, args.nodeId, lines, fieldOf);
      let n = 0;
      for (const lines of stored.values()) n += lines.length;
      return n;
    },
  }),
  reportMetrics: t.int({
    description: "An agent sends cpu (cores) and memory (bytes) samples of its executions. Returns samples accepted.",
    args: { nodeId: t.arg.id({ required: true }), samples: t.arg({ type: [MetricSampleInput], required: true }) },
    resolve: (_root, args, ctx) => {
      authorize(ctx.principal, "node", null, args.nodeId);
      return ingestMetricSamples(ctx.services, args.nodeId, args.samples);
    },
  }),
}));

// ---- Assignments ----

const RunValuesRef = builder.objectRef<RunValuesForAgent>("RunValues").implement({
  description: "What a run was given for its job's parameters: the agent exports meta as DROVER_META_<KEY> and writes the payload to DROVER_PAYLOAD_FILE.",
  fields: (t) => ({
    meta: t.field({ type: "StringMap", resolve: (v) => v.meta }),
    payload: t.exposeString("payload", { nullable: true }),
  }),
});

const AssignmentRef = builder.objectRef<Assignment>("Assignment").implement({
  description: "One execution an agent should run or stop, with the spec of its job version.",
  fields: (t) => ({
    executionId: t.exposeID("executionId"),
    jobId: t.exposeID("jobId"),
    namespace: t.exposeString("namespace"),
    jobName: t.exposeString("jobName"),
    jobType: t.exposeString("jobType"),
    jobVersion: t.exposeInt("jobVersion"),
    runId: t.exposeString("runId", { nullable: true }),
    attempt: t.exposeInt("attempt"),
    desiredState: t.exposeString("desiredState"),
    computeState: t.exposeString("computeState"),
    reportCounter: t.exposeInt("reportCounter"),
    spec: t.field({ type: JobSpecRef, resolve: (a) => a.spec }),
    runValues: t.field({ type: RunValuesRef, nullable: true, description: "The run's parameter values; null when it was given none.", resolve: (a) => a.runValues }),
  }),
});

const AssignmentBatchRef = builder.objectRef<AssignmentBatch>("AssignmentBatch").implement({
  fields: (t) => ({
    seq: t.field({ type: "Seq", resolve: (b) => b.seq }),
    full: t.exposeBoolean("full", { description: "True for the node's whole desired set (first batch on each connection)." }),
    assignments: t.field({ type: [AssignmentRef], resolve: (b) => b.assignments }),
  }),
});

builder.subscriptionFields((t) => ({
  assignments: t.field({
    type: AssignmentBatchRef,
    description: "For agents: the node's full desired set on connect, then deltas.",
    args: { nodeId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => {
      authorize(ctx.principal, "node", null, args.nodeId);
      return nodeAssignments(ctx.services, args.nodeId);
    },
    resolve: (b) => b,
  }),
}));
