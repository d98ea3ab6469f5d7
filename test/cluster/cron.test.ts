import { describe, expect, it } from "vitest";
import { FakeClock } from "../../server/clock.ts";
import { cronTick } from "../../server/cron/dispatch.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { firesOf as cronFires, MIN, runClock as moveClock, useCronServer } from "../support/cron-server.ts";
import { eventually } from "../support/agents.ts";

const providers = await databaseProviders();

/**
 * The cron dispatcher driven by a fake clock: every test moves time and calls
 * cronTick as the control loop would, then reads the runs it created. No
 * agents: a fired run stays PENDING, which is all overlap needs (it is active).
 */
describe.each(providers)("cron on %s", (provider) => {
  let t!: TestServer;
  const clock = new FakeClock("2026-03-02T09:58:00Z");
  const suite = useCronServer(provider, clock, (server) => (t = server));

  const submit = async (spec: Record<string, unknown>) => {
    const r = await t.gql(`mutation($input: SubmitJobInput!) { submitJob(input: $input) { job { id status { nextFireAt } } } }`, {
      input: { type: "BATCH", command: "true", ...spec },
    });
    expect(r.errors).toBeUndefined();
    return r.data.submitJob.job as { id: string; status: { nextFireAt: string | null } };
  };
  const runsOf = async (server: TestServer, jobId: string) =>
    (
      await server.services().db.prisma.run.findMany({ where: { jobId }, orderBy: [{ scheduledAt: "asc" }, { createdAt: "asc" }] })
    ).map((r) => ({ trigger: r.trigger, scheduledAt: r.scheduledAt?.toISOString() ?? null, state: r.state }));
  const firesOf = (jobId: string) => cronFires(t, jobId);
  const runClock = (until: string, step = MIN, server = t) => moveClock(server, clock, until, step);

  it("fires exactly the schedule's times as the clock moves, and shows the next one", async () => {
    clock.set("2026-03-02T09:58:00Z");
    const job = await submit({ name: "quarterly", schedule: "*/15 * * * *", overlapPolicy: "ALLOW" });
    expect(job.status.nextFireAt).toBe("2026-03-02T10:00:00.000Z");
    await runClock("2026-03-02T11:00:30Z");
    const runs = await runsOf(t, job.id);
    expect(runs.map((r) => r.scheduledAt)).toEqual([
      "2026-03-02T10:00:00.000Z",
      "2026-03-02T10:15:00.000Z",
      "2026-03-02T10:30:00.000Z",
      "2026-03-02T10:45:00.000Z",
      "2026-03-02T11:00:00.000Z",
    ]);
    expect(runs.every((r) => r.trigger === "CRON")).toBe(true);
    const { data } = await t.gql(`query($id: ID) { job(id: $id) { spec { schedule } status { nextFireAt runCounts { total pending } latestRun { trigger scheduledAt } } } }`, { id: job.id });
    expect(data.job.status).toMatchObject({
      nextFireAt: "2026-03-02T11:15:00.000Z",
      runCounts: { total: 5, pending: 5 },
      latestRun: { trigger: "CRON", scheduledAt: "2026-03-02T11:00:00.000Z" },
    });
    expect((await firesOf(job.id)).every(([, outcome]) => outcome === "FIRED")).toBe(true);
  });

  it("forbid skips a fire while a run is active, replace cancels it, allow runs both", async () => {
    clock.set("2026-03-02T11:58:00Z");
    const forbid = await submit({ name: "forbid", schedule: "0 * * * *" });
    const replace = await submit({ name: "replace", schedule: "0 * * * *", overlapPolicy: "REPLACE" });
    const allow = await submit({ name: "allow", schedule: "0 * * * *", overlapPolicy: "ALLOW" });
    await runClock("2026-03-02T13:00:10Z");
    expect((await runsOf(t, forbid.id)).map((r) => [r.scheduledAt, r.state])).toEqual([["2026-03-02T12:00:00.000Z", "PENDING"]]);
    expect(await firesOf(forbid.id)).toEqual([
      ["2026-03-02T12:00:00.000Z", "FIRED"],
      ["2026-03-02T13:00:00.000Z", "SKIPPED_OVERLAP"],
    ]);
    expect((await runsOf(t, replace.id)).map((r) => [r.scheduledAt, r.state])).toEqual([
      ["2026-03-02T12:00:00.000Z", "CANCELLED"],
      ["2026-03-02T13:00:00.000Z", "PENDING"],
    ]);
    expect((await runsOf(t, allow.id)).map((r) => r.state)).toEqual(["PENDING", "PENDING"]);
  });

  it("after downtime runs one catch-up fire by default, none with catchUp 0, and records the missed ones", async () => {
    clock.set("2026-03-03T00:58:00Z");
    const one = await submit({ name: "catch-up-one", schedule: "0 * * * *", overlapPolicy: "ALLOW" });
    const none = await submit({ name: "catch-up-none", schedule: "0 * * * *", overlapPolicy: "ALLOW", catchUp: 0 });
    // Nothing ticks from 00:58 to 05:30: the 01:00-05:00 fires pass unseen.
    clock.set("2026-03-03T05:30:00Z");
    await cronTick(t.services(), clock.now());
    expect((await runsOf(t, one.id)).map((r) => r.scheduledAt)).toEqual(["2026-03-03T05:00:00.000Z"]);
    expect((await firesOf(one.id)).map(([, o]) => o)).toEqual(["MISSED", "MISSED", "MISSED", "MISSED", "FIRED"]);
    expect(await runsOf(t, none.id)).toEqual([]);
    expect((await firesOf(none.id)).map(([, o]) => o)).toEqual(["MISSED", "MISSED", "MISSED", "MISSED", "MISSED"]);
    // Back to normal: the next fire is on time.
    await runClock("2026-03-03T06:00:20Z");
    expect((await runsOf(t, none.id)).map((r) => r.scheduledAt)).toEqual(["2026-03-03T06:00:00.000Z"]);
  });

  it("fires nothing twice across a restart on the same database", async () => {
    clock.set("2026-03-04T09:59:00Z");
    const job = await submit({ name: "restarts", schedule: "0 10 * * *", overlapPolicy: "ALLOW" });
    await runClock("2026-03-04T10:00:05Z");
    // A new server process on the same database, at the same moment and after.
    await suite.restart();
    await cronTick(t.services(), clock.now());
    await runClock("2026-03-04T10:05:00Z");
    expect((await runsOf(t, job.id)).map((r) => r.scheduledAt)).toEqual(["2026-03-04T10:00:00.000Z"]);
    await runClock("2026-03-05T10:00:30Z", 30 * MIN);
    expect((await runsOf(t, job.id)).map((r) => r.scheduledAt)).toEqual(["2026-03-04T10:00:00.000Z", "2026-03-05T10:00:00.000Z"]);
  });

  it("two replicas ticking at the same moment fire once", async () => {
    // SQLite is one server's database; replicas share PostgreSQL. On SQLite, concurrent ticks of one server race instead.
    const replica = provider === "postgresql" ? await startTestServer(provider, { clock, controlLoops: false, database: suite.database() }) : t;
    try {
      clock.set("2026-03-06T09:59:00Z");
      const job = await submit({ name: "replicas", schedule: "*/10 * * * *", overlapPolicy: "ALLOW" });
      for (let i = 0; i < 6; i++) {
        clock.advance(10 * MIN);
        await Promise.all([cronTick(t.services(), clock.now()), cronTick(replica.services(), clock.now()), cronTick(t.services(), clock.now())]);
      }
      const runs = await runsOf(replica, job.id);
      expect(runs).toHaveLength(6);
      expect(new Set(runs.map((r) => r.scheduledAt)).size).toBe(6);
    } finally {
      if (replica !== t) await replica.stop();
    }
  });

  it("follows DST in the job's zone: a repeated hour fires once, a skipped hour not at all", async () => {
    clock.set("2026-10-31T12:00:00Z");
    const fall = await submit({ name: "dst-fall", schedule: "30 1 * * *", timeZone: "America/New_York", overlapPolicy: "ALLOW" });
    await runClock("2026-11-02T12:00:00Z", 10 * MIN);
    // 01:30 EDT is 05:30Z; the repeated 01:30 EST (06:30Z) does not fire; the next day is 01:30 EST.
    expect((await runsOf(t, fall.id)).map((r) => r.scheduledAt)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"]);

    clock.set("2026-03-07T00:00:00Z");
    const spring = await submit({ name: "dst-spring", schedule: "30 2 * * *", timeZone: "America/New_York", overlapPolicy: "ALLOW" });
    await runClock("2026-03-09T12:00:00Z", 10 * MIN);
    // 2026-03-08 02:30 does not exist in New York: that day has no run.
    expect((await runsOf(t, spring.id)).map((r) => r.scheduledAt)).toEqual(["2026-03-07T07:30:00.000Z", "2026-03-09T06:30:00.000Z"]);
  });

  it("a stopped job does not fire; a new schedule takes effect from the next fire", async () => {
    clock.set("2026-03-10T09:50:00Z");
    const job = await submit({ name: "changes", schedule: "0 * * * *", overlapPolicy: "ALLOW" });
    await t.gql(`mutation($id: ID) { stopJob(id: $id) { job { id } } }`, { id: job.id });
    await runClock("2026-03-10T11:10:00Z");
    expect(await runsOf(t, job.id)).toEqual([]);
    const restarted = await submit({ name: "changes", schedule: "*/30 * * * *", overlapPolicy: "ALLOW" });
    expect(restarted.status.nextFireAt).toBe("2026-03-10T11:30:00.000Z");
    await runClock("2026-03-10T12:00:10Z");
    expect((await runsOf(t, job.id)).map((r) => r.scheduledAt)).toEqual(["2026-03-10T11:30:00.000Z", "2026-03-10T12:00:00.000Z"]);
  });
});

describe("the cron loop in a running server", () => {
  it("fires on the server's own clock without being called", async () => {
    const clock = new FakeClock("2026-03-02T09:59:50Z");
    const t = await startTestServer("sqlite", { clock });
    try {
      const r = await t.gql(`mutation { submitJob(input: { name: "looped", type: BATCH, command: "true", schedule: "0 10 * * *" }) { job { id } } }`);
      const id = r.data.submitJob.job.id;
      clock.set("2026-03-02T10:00:01Z");
      const run = await eventually(async () => (await t.services().db.prisma.run.findFirst({ where: { jobId: id } })) ?? null, { what: "the loop's fire" });
      expect(run.trigger).toBe("CRON");
      expect(run.scheduledAt?.toISOString()).toBe("2026-03-02T10:00:00.000Z");
    } finally {
      await t.stop();
    }
  });
});
