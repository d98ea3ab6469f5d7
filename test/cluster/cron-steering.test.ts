import { describe, expect, it } from "vitest";
import { FakeClock } from "../../server/clock.ts";
import type { TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { firesOf as cronFires, MIN, runClock as moveClock, useCronServer } from "../support/cron-server.ts";

const providers = await databaseProviders();

/**
 * Suspend, resume and backfill of a job's schedule, on a real server and
 * database, driven by a fake clock and cronTick as in cron.test.ts. No agents:
 * a fired run stays PENDING, which is all the overlap policies need.
 */
describe.each(providers)("steering cron on %s", (provider) => {
  let t!: TestServer;
  const clock = new FakeClock("2026-04-01T09:58:00Z");
  useCronServer(provider, clock, (server) => (t = server));

  const STATUS = "status { version revision nextFireAt scheduleSuspended scheduleSuspendedAt }";
  const submit = async (spec: Record<string, unknown>) => {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id ${STATUS} } } }`, {
      input: { type: "BATCH", command: "true", ...spec },
    });
    expect(r.errors).toBeUndefined();
    return r.data.submitJob.job as { id: string; status: Record<string, unknown> };
  };
  const steer = (name: "suspendSchedule" | "resumeSchedule", jobId: string) => t.gql(`mutation($jobId: ID!) { ${name}(jobId: $jobId) { id ${STATUS} } }`, { jobId });
  const backfill = (jobId: string, from: string, to: string, max?: number) =>
    t.gql(`mutation($jobId: ID!, $from: DateTime!, $to: DateTime!, $max: Int) { backfillSchedule(jobId: $jobId, from: $from, to: $to, max: $max) { alreadyHandled fires { scheduledAt outcome runId } } }`, { jobId, from, to, max });
  const runsOf = async (jobId: string) =>
    (await t.services().db.prisma.run.findMany({ where: { jobId }, orderBy: [{ scheduledAt: "asc" }, { createdAt: "asc" }] })).map((r) => [r.scheduledAt?.toISOString() ?? null, r.state]);
  const firesOf = (jobId: string) => cronFires(t, jobId);
  const eventTypes = async (jobId: string) => (await t.services().db.prisma.event.findMany({ where: { jobId }, orderBy: { seq: "asc" } })).map((e) => e.type);
  const runClock = (until: string, step = MIN) => moveClock(t, clock, until, step);

  it("suspend stops the firing without a new version; resume fires from now on, not the times that passed", async () => {
    clock.set("2026-04-01T09:58:00Z");
    const job = await submit({ name: "nightly", schedule: "0 * * * *", overlapPolicy: "ALLOW" });
    expect(job.status).toMatchObject({ version: 1, revision: 1, nextFireAt: "2026-04-01T10:00:00.000Z", scheduleSuspended: false, scheduleSuspendedAt: null });
    await runClock("2026-04-01T10:00:10Z");

    const suspended = await steer("suspendSchedule", job.id);
    expect(suspended.errors).toBeUndefined();
    expect(suspended.data.suspendSchedule.status).toEqual({ version: 1, revision: 2, nextFireAt: null, scheduleSuspended: true, scheduleSuspendedAt: "2026-04-01T10:00:10.000Z" });
    expect(await eventTypes(job.id)).toContain("JOB_SCHEDULE_SUSPENDED");
    // Suspending again changes nothing.
    expect((await steer("suspendSchedule", job.id)).data.suspendSchedule.status.revision).toBe(2);
    // A spec change while suspended keeps it suspended.
    const changed = await submit({ name: "nightly", schedule: "30 * * * *", overlapPolicy: "ALLOW" });
    expect(changed.status).toMatchObject({ version: 2, nextFireAt: null, scheduleSuspended: true });

    await runClock("2026-04-01T13:10:00Z", 10 * MIN);
    expect(await runsOf(job.id)).toEqual([["2026-04-01T10:00:00.000Z", "PENDING"]]);

    const resumed = await steer("resumeSchedule", job.id);
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data.resumeSchedule.status).toEqual({ version: 2, revision: 4, nextFireAt: "2026-04-01T13:30:00.000Z", scheduleSuspended: false, scheduleSuspendedAt: null });
    expect((await eventTypes(job.id)).slice(-1)).toEqual(["JOB_SCHEDULE_RESUMED"]);
    await runClock("2026-04-01T14:31:00Z");
    // 10:30, 11:30 and 12:30 passed while suspended: not caught up, not even recorded as missed.
    expect(await runsOf(job.id)).toEqual([
      ["2026-04-01T10:00:00.000Z", "PENDING"],
      ["2026-04-01T13:30:00.000Z", "PENDING"],
      ["2026-04-01T14:30:00.000Z", "PENDING"],
    ]);
    expect((await firesOf(job.id)).map(([at]) => at)).toEqual(["2026-04-01T10:00:00.000Z", "2026-04-01T13:30:00.000Z", "2026-04-01T14:30:00.000Z"]);
  });

  it("refuses to steer a job without a schedule, naming the field, and writes nothing", async () => {
    const job = await submit({ name: "plain" });
    for (const m of ["suspendSchedule", "resumeSchedule"] as const) {
      const r = await steer(m, job.id);
      expect(r.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "jobId" });
    }
    const b = await backfill(job.id, "2026-04-01T00:00:00Z", "2026-04-01T01:00:00Z");
    expect(b.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field: "jobId" });
    expect(await eventTypes(job.id)).toEqual(["JOB_SUBMITTED"]);
  });

  it("backfill fires every time of a past range once, as cron fires; the same range again fires nothing", async () => {
    clock.set("2026-04-02T12:10:00Z");
    const job = await submit({ name: "backfilled", schedule: "0 * * * *", overlapPolicy: "ALLOW" });
    const first = await backfill(job.id, "2026-04-02T08:00:00Z", "2026-04-02T11:00:00Z");
    expect(first.errors).toBeUndefined();
    const hours = ["08", "09", "10", "11"].map((h) => `2026-04-02T${h}:00:00.000Z`);
    expect(first.data.backfillSchedule.fires.map((f: { scheduledAt: string; outcome: string }) => [f.scheduledAt, f.outcome])).toEqual(hours.map((h) => [h, "FIRED"]));
    expect(first.data.backfillSchedule.alreadyHandled).toBe(0);
    expect(await runsOf(job.id)).toEqual(hours.map((h) => [h, "PENDING"]));
    const runs = await t.services().db.prisma.run.findMany({ where: { jobId: job.id } });
    expect(runs.every((r) => r.trigger === "CRON")).toBe(true);
    expect(await firesOf(job.id)).toEqual(hours.map((h) => [h, "FIRED"]));

    const again = await backfill(job.id, "2026-04-02T07:30:00Z", "2026-04-02T11:00:00Z");
    expect(again.data.backfillSchedule).toEqual({ fires: [], alreadyHandled: 4 });
    expect(await runsOf(job.id)).toHaveLength(4);
    // The schedule itself is untouched: its next fire comes as before.
    await runClock("2026-04-02T13:00:10Z");
    expect((await runsOf(job.id)).map(([at]) => at).slice(-1)).toEqual(["2026-04-02T13:00:00.000Z"]);
  });

  it("backfill applies the overlap policy: forbid skips while a run is active, replace cancels it", async () => {
    clock.set("2026-04-03T12:10:00Z");
    const forbid = await submit({ name: "bf-forbid", schedule: "0 * * * *" });
    const replace = await submit({ name: "bf-replace", schedule: "0 * * * *", overlapPolicy: "REPLACE" });
    const range = ["2026-04-03T09:00:00Z", "2026-04-03T11:00:00Z"] as const;
    const f = await backfill(forbid.id, ...range);
    expect(f.data.backfillSchedule.fires.map((x: { outcome: string }) => x.outcome)).toEqual(["FIRED", "SKIPPED_OVERLAP", "SKIPPED_OVERLAP"]);
    expect(await firesOf(forbid.id)).toEqual([
      ["2026-04-03T09:00:00.000Z", "FIRED"],
      ["2026-04-03T10:00:00.000Z", "SKIPPED_OVERLAP"],
      ["2026-04-03T11:00:00.000Z", "SKIPPED_OVERLAP"],
    ]);
    await backfill(replace.id, ...range);
    expect(await runsOf(replace.id)).toEqual([
      ["2026-04-03T09:00:00.000Z", "CANCELLED"],
      ["2026-04-03T10:00:00.000Z", "CANCELLED"],
      ["2026-04-03T11:00:00.000Z", "PENDING"],
    ]);
  });

  it("refuses a range with more times than max, one in the future, and a bad max, naming the field and writing nothing", async () => {
    clock.set("2026-04-04T12:00:00Z");
    const job = await submit({ name: "bf-cap", schedule: "*/5 * * * *", overlapPolicy: "ALLOW" });
    const tooMany = await backfill(job.id, "2026-04-04T10:00:00Z", "2026-04-04T11:00:00Z", 12);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "to" });
    expect(tooMany.errors?.[0].message).toMatch(/more than 12 scheduled times/);
    const future = await backfill(job.id, "2026-04-04T11:00:00Z", "2026-04-04T13:00:00Z");
    expect(future.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "to" });
    const badMax = await backfill(job.id, "2026-04-04T11:00:00Z", "2026-04-04T11:30:00Z", 0);
    expect(badMax.errors?.[0].extensions).toMatchObject({ code: "VALIDATION_FAILED", field: "max" });
    expect(await firesOf(job.id)).toEqual([]);
    expect(await runsOf(job.id)).toEqual([]);
    // 10:00..10:55 is exactly 12 times: within max 12.
    const exact = await backfill(job.id, "2026-04-04T10:00:00Z", "2026-04-04T10:55:00Z", 12);
    expect(exact.data.backfillSchedule.fires).toHaveLength(12);
  });
});
