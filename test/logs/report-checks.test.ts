import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { eventually } from "../support/agents.ts";
import { transitionVerdict } from "../../server/agents/report-checks.ts";

const providers = await databaseProviders();

describe("transitionVerdict", () => {
  it("moves forward, refreshes in place, ignores an agreeing end, refuses going back or leaving an end", () => {
    expect(transitionVerdict("STARTING", "RUNNING")).toBe("apply");
    expect(transitionVerdict("RUNNING", "DEGRADED")).toBe("apply");
    expect(transitionVerdict("DEGRADED", "RUNNING")).toBe("apply");
    expect(transitionVerdict("RUNNING", "COMPLETE")).toBe("apply");
    expect(transitionVerdict("RUNNING", "RUNNING")).toBe("refresh");
    expect(transitionVerdict("LOST", "STOPPED")).toBe("ignore");
    expect(transitionVerdict("RUNNING", "PENDING")).toBe("refuse");
    expect(transitionVerdict("RUNNING", "STARTING")).toBe("refuse");
    expect(transitionVerdict("COMPLETE", "RUNNING")).toBe("refuse");
    expect(transitionVerdict("LOST", "RUNNING")).toBe("refuse");
  });
});

/** Reports as an agent sends them, over HTTP, with a node token; followers over graphql-ws. */
describe.each(providers)("agent reports the server refuses, on %s", (provider) => {
  let t: TestServer;
  let token: string;
  let jobId: string;
  const nodeId = "node-checks";
  let n = 0;

  beforeAll(async () => {
    t = await startTestServer(provider, { controlLoops: false });
    const job = await t.gql(`mutation { submitJob(input: { name: "checks", type: BATCH, command: "true" }) { job { id } } }`);
    jobId = job.data.submitJob.job.id;
    const reg = await t.gql(`mutation { registerNode(input: { nodeId: "${nodeId}", hostname: "checks", capacity: 4 }) { token } }`);
    token = reg.data.registerNode.token;
  });
  afterAll(async () => {
    await t?.stop();
  });

  const execution = async (computeState: "RUNNING" | "COMPLETE" = "RUNNING") => {
    const id = `exec-checks-${++n}`;
    const now = new Date();
    await t.services().db.prisma.execution.create({
      data: {
        id, jobId, namespace: "default", nodeId, jobType: "BATCH", jobVersion: 1,
        desiredState: "RUNNING", desiredMessage: "", computeState, computeMessage: "",
        computeDetails: {}, details: {}, revision: 1, attempt: 1, reportCounter: 1, createdAt: now, updatedAt: now,
      },
    });
    return id;
  };
  const logs = (executionId: string, lineNos: number[], over: { streams?: string[]; at?: string[] } = {}) => {
    const at = new Date().toISOString();
    return t.gql(
      `mutation($b: [LogBatchInput!]) { reportLogs(nodeId: "${nodeId}", batches: $b) }`,
      { b: [{ executionId, lineNos, streams: over.streams ?? lineNos.map(() => "stdout"), at: over.at ?? lineNos.map(() => at), texts: lineNos.map((k) => `line ${k}`) }] },
      { token },
    );
  };
  const stored = async (executionId: string) => (await t.services().ingest.readLogLines(executionId, 0, 100)).map((l) => l.lineNo);
  const refusal = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions && { code: r.errors[0].extensions.code, field: r.errors[0].extensions.field };

  it("refuses a line numbered below 1, an unknown stream, and times from 1970 or 9999, naming the field, storing nothing", async () => {
    const id = await execution();
    expect(refusal(await logs(id, [1, 0]))).toEqual({ code: "VALIDATION_FAILED", field: "batches.0.lineNos.1" });
    expect(refusal(await logs(id, [1, 2], { streams: ["stdout", "stdin"] }))).toEqual({ code: "VALIDATION_FAILED", field: "batches.0.streams.1" });
    const now = new Date().toISOString();
    expect(refusal(await logs(id, [1, 2], { at: ["1970-01-01T00:00:00Z", now] }))).toEqual({ code: "VALIDATION_FAILED", field: "batches.0.at.0" });
    expect(refusal(await logs(id, [1, 2], { at: [now, "9999-12-31T00:00:00Z"] }))).toEqual({ code: "VALIDATION_FAILED", field: "batches.0.at.1" });
    expect(await stored(id)).toEqual([]);
    const ok = await logs(id, [1, 2]);
    expect(ok.errors).toBeUndefined();
    expect(await stored(id)).toEqual([1, 2]);
  });

  it("refuses negative cpu and absurd memory, naming the field", async () => {
    const id = await execution();
    const sample = (cpuCores: number, memoryBytes: number, at = new Date().toISOString()) =>
      t.gql(`mutation($s: [MetricSampleInput!]!) { reportMetrics(nodeId: "${nodeId}", samples: $s) }`, { s: [{ executionId: id, sampleNo: 1, at, cpuCores, memoryBytes }] }, { token });
    expect(refusal(await sample(-0.5, 1000))).toEqual({ code: "VALIDATION_FAILED", field: "samples.0.cpuCores" });
    expect(refusal(await sample(0.5, 1e300))).toEqual({ code: "VALIDATION_FAILED", field: "samples.0.memoryBytes" });
    expect(refusal(await sample(0.5, 1000, "1970-01-01T00:00:00Z"))).toEqual({ code: "VALIDATION_FAILED", field: "samples.0.at" });
    expect(await t.services().db.prisma.metricSample.count({ where: { executionId: id } })).toBe(0);
    expect((await sample(0.5, 1000)).data.reportMetrics).toBe(1);
  });

  it("refuses a state going back or out of a terminal state, writing nothing of the request", async () => {
    const running = await execution("RUNNING");
    const done = await execution("COMPLETE");
    const report = (reports: object[]) =>
      t.gql(`mutation($r: [ExecutionReportInput!]!) { reportExecutionStates(nodeId: "${nodeId}", reports: $r) { executionId applied } }`, { r: reports }, { token });
    const back = await report([{ executionId: running, counter: 2, computeState: "PENDING" }]);
    expect(refusal(back)).toEqual({ code: "VALIDATION_FAILED", field: "reports.0.computeState" });
    // One bad report refuses the request: the good one before it is not written either.
    const mixed = await report([
      { executionId: running, counter: 2, computeState: "COMPLETE" },
      { executionId: done, counter: 2, computeState: "RUNNING" },
    ]);
    expect(refusal(mixed)).toEqual({ code: "VALIDATION_FAILED", field: "reports.1.computeState" });
    const rows = await t.services().db.prisma.execution.findMany({ where: { id: { in: [running, done] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.computeState, r.reportCounter])).toEqual([["RUNNING", 1], ["COMPLETE", 1]]);
    // Bad counters and times too.
    expect(refusal(await report([{ executionId: running, counter: 0, computeState: "COMPLETE" }]))).toEqual({ code: "VALIDATION_FAILED", field: "reports.0.counter" });
    expect(refusal(await report([{ executionId: running, counter: 2, computeState: "COMPLETE", at: "9999-01-01T00:00:00Z" }]))).toEqual({ code: "VALIDATION_FAILED", field: "reports.0.at" });
    // Agreeing that a finished execution finished is not an error; it changes nothing.
    const agree = await report([{ executionId: done, counter: 2, computeState: "STOPPED" }]);
    expect(agree.data.reportExecutionStates).toEqual([{ executionId: done, applied: false }]);
    const fwd = await report([{ executionId: running, counter: 2, computeState: "COMPLETE" }]);
    expect(fwd.data.reportExecutionStates).toEqual([{ executionId: running, applied: true }]);
  });

  it("delivers lines sent out of order (1, 2, 5, then 4, 3) to a live follower, each once", async () => {
    const id = await execution();
    const single = collect(t.ws(), `subscription($id: ID) { logLines(executionId: $id) { lines { lineNo } } }`, { id });
    const merged = collect(t.ws(), `subscription($id: ID) { logLines(jobId: $id) { lines { executionId lineNo } } }`, { id: jobId });
    const got = (c: typeof single) => c.items.flatMap((i: any) => i.logLines.lines).filter((l: any) => !l.executionId || l.executionId === id).map((l: any) => l.lineNo);
    await new Promise((r) => setTimeout(r, 300));
    expect((await logs(id, [1, 2, 5])).errors).toBeUndefined();
    await eventually(async () => got(single).length >= 3 && got(merged).length >= 3, { what: "1, 2, 5" });
    expect((await logs(id, [4])).errors).toBeUndefined();
    expect((await logs(id, [3])).errors).toBeUndefined();
    await eventually(async () => got(single).length >= 5 && got(merged).length >= 5, { what: "4 and 3" });
    await new Promise((r) => setTimeout(r, 700)); // past a poll: nothing twice
    expect(got(single)).toEqual([1, 2, 5, 4, 3]);
    expect(got(merged)).toEqual([1, 2, 5, 4, 3]);
    expect(single.errors).toEqual([]);
    single.stop();
    merged.stop();
  });
});
