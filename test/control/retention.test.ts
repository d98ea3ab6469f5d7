import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../server/clock.ts";
import { retentionTick } from "../../server/control/retention.ts";
import { collect, startTestServer, type TestServer } from "../support/server.ts";

describe("retention", () => {
  let t: TestServer;
  const clock = new FakeClock("2026-05-01T00:00:00Z");

  beforeAll(async () => {
    t = await startTestServer("sqlite", { clock, controlLoops: false });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("deletes log lines past their age and beyond the per-execution cap, oldest first, and samples past their age", async () => {
    const s = t.services();
    const base = clock.now().getTime();
    const line = (executionId: string, lineNo: number, ageMs: number) => ({
      executionId, lineNo, jobId: "job-x", runId: null, nodeId: "node-x", stream: "stdout", at: new Date(base - ageMs), text: `line ${lineNo}`,
    });
    await s.db.prisma.logLine.createMany({
      data: [
        ...Array.from({ length: 8 }, (_, i) => line("exec-many", i + 1, 1000)),
        line("exec-old", 1, 3 * 3_600_000),
        line("exec-old", 2, 10),
      ],
    });
    await s.db.prisma.metricSample.createMany({
      data: [
        { executionId: "exec-old", sampleNo: 1, jobId: "job-x", runId: null, nodeId: "node-x", at: new Date(base - 3 * 3_600_000), cpuCores: 1, memoryBytes: 1 },
        { executionId: "exec-old", sampleNo: 2, jobId: "job-x", runId: null, nodeId: "node-x", at: new Date(base - 10), cpuCores: 1, memoryBytes: 1 },
      ],
    });
    const removed = await retentionTick({ ...s, config: { ...s.config, logRetentionMs: 3_600_000, logMaxLinesPerExecution: 5 } });
    expect(removed).toMatchObject({ lines: 4, samples: 1 });
    const many = await s.db.prisma.logLine.findMany({ where: { executionId: "exec-many" }, orderBy: { lineNo: "asc" } });
    expect(many.map((l) => l.lineNo)).toEqual([4, 5, 6, 7, 8]);
    const old = await s.db.prisma.logLine.findMany({ where: { executionId: "exec-old" } });
    expect(old.map((l) => l.lineNo)).toEqual([2]);
    expect(await s.db.prisma.metricSample.count()).toBe(1);
  });

  it("prunes events past retention; resuming from before them is RESYNC_REQUIRED", async () => {
    const first = await t.gql(`mutation { submitJob(input: { name: "old-news", type: BATCH, command: "true" }) { seq } }`);
    const oldSeq = first.data.submitJob.seq;
    clock.advance(8 * 24 * 3_600_000);
    const later = await t.gql(`mutation { submitJob(input: { name: "fresh", type: BATCH, command: "true" }) { seq } }`);
    const s = t.services();
    const removed = await retentionTick(s);
    expect(removed.events).toBeGreaterThanOrEqual(1);
    // The first job's evaluation never ran here (no scheduler), so it is kept: only finished ones go.
    expect(removed.evaluations).toBe(0);
    await s.db.prisma.evaluation.updateMany({ data: { status: "COMPLETE", updatedAt: new Date(clock.now().getTime() - 2 * 24 * 3_600_000) } });
    expect((await retentionTick(s)).evaluations).toBe(2);
    const stale = collect(t.ws(), `subscription($after: Seq) { jobEvents(after: $after) { seq } }`, { after: oldSeq - 1 });
    await stale.waitFor(1, 2000);
    expect((stale.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe("RESYNC_REQUIRED");
    const fresh = collect(t.ws(), `subscription($after: Seq) { jobEvents(after: $after) { seq } }`, { after: later.data.submitJob.seq - 1 });
    const got = await fresh.waitFor(1);
    expect(got[0].jobEvents.seq).toBe(later.data.submitJob.seq);
    fresh.stop();
  });
});
