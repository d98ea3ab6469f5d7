// A server for the cron suites: its own database, the control loops off, time
// moved by a FakeClock and fires made by calling cronTick as the loop would.
import { afterAll, afterEach, beforeAll } from "vitest";
import type { FakeClock } from "../../server/clock.ts";
import { cronTick } from "../../server/cron/dispatch.ts";
import { startTestServer, type TestServer } from "./server.ts";
import { createTestDatabase, type TestDatabase, type TestProvider } from "./database.ts";

export const MIN = 60_000;

export interface CronSuite {
  /** The suite's database, for a replica on it. */
  database(): TestDatabase;
  /** Stops the server and starts a new one on the same database (handed to `set` like the first). */
  restart(): Promise<void>;
}

/** Starts the server before the suite (handing it to `set`), and stops it and drops its database after. */
export function useCronServer(provider: TestProvider, clock: FakeClock, set: (t: TestServer) => void): CronSuite {
  let db: TestDatabase | undefined;
  let t: TestServer | undefined;
  const start = async () => {
    t = await startTestServer(provider, { clock, controlLoops: false, database: db });
    set(t);
  };
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    await start();
  });
  afterAll(async () => {
    await t?.stop();
    await db?.drop();
  });
  // Each test's jobs would keep firing as later tests move the clock: remove them.
  afterEach(async () => {
    for (const j of await t!.services().db.prisma.job.findMany({ select: { id: true } })) {
      await t!.gql(`mutation($id: ID) { deleteJob(id: $id) { jobId } }`, { id: j.id });
    }
  });
  return {
    database: () => db!,
    async restart() {
      await t!.stop();
      await start();
    },
  };
}

/** Moves the clock to `until` in `step` ms steps, ticking at each, as the loop would. */
export async function runClock(server: TestServer, clock: FakeClock, until: string, step = MIN): Promise<void> {
  while (clock.now().getTime() < Date.parse(until)) {
    clock.advance(Math.min(step, Date.parse(until) - clock.now().getTime()));
    await cronTick(server.services(), clock.now());
  }
}

/** A job's cron fires in time order, as [scheduledAt, outcome]. */
export async function firesOf(server: TestServer, jobId: string): Promise<[string, string][]> {
  return (await server.services().db.prisma.cronFire.findMany({ where: { jobId }, orderBy: { scheduledAt: "asc" } })).map((f) => [f.scheduledAt.toISOString(), f.outcome]);
}
