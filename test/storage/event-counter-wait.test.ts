// Every event-appending write takes the event counter's row lock last and holds
// it until commit. A write queued behind a slow one (a loaded machine is enough)
// must wait for it, not expire at Prisma's default 5 s and answer
// INTERNAL_SERVER_ERROR for a write that did nothing wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { requirePostgres } from "../support/database.ts";

if (await requirePostgres()) {
  describe("a write queued behind the event counter's lock on postgresql", () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer("postgresql", { controlLoops: false });
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
    });

    it("waits for it and succeeds", async () => {
      const prisma = t.services().db.prisma;
      let locked!: () => void;
      const holding = new Promise<void>((r) => (locked = r));
      // A writer that holds the counter's row lock for 7 s, as a slow pass of the scheduler would.
      const slow = prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`UPDATE "SeqCounter" SET value = value`);
          locked();
          await tx.$executeRawUnsafe(`SELECT pg_sleep(7)`);
        },
        { timeout: 20_000 },
      );
      await holding;
      const r = await t.gql(`mutation { submitJob(input: { name: "behind", type: BATCH, command: "true" }) { job { id } } }`);
      await slow;
      expect(r.errors).toBeUndefined();
      expect(r.data.submitJob.job.id).toMatch(/^job-/);
    }, 60_000);
  });
}
