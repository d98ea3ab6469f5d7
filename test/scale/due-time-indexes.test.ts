// The loops that run every second ask for due rows through an index, so an
// idle server's work does not grow with the number of jobs or nodes.
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.ts";
import { databaseProviders } from "../support/database.ts";
import { DUE_JOBS_SQL, NEXT_FIRE_SQL } from "../../server/cron/dispatch.ts";

const providers = await databaseProviders();

// The statements the cron and liveness loops send (the cron's own, and server/control/liveness.ts's as Prisma sends it).
const DUE = [
  { name: "cron: due jobs", sql: DUE_JOBS_SQL.replace("?", "$1"), index: "Job_nextFireAt_idx" },
  { name: "cron: next fire", sql: NEXT_FIRE_SQL, index: "Job_nextFireAt_idx" },
  { name: "liveness: stale nodes", sql: `SELECT "id" FROM "Node" WHERE "state" <> 'DOWN' AND ("lastHeartbeatAt" IS NULL OR "lastHeartbeatAt" < $1)`, index: "Node_lastHeartbeatAt_idx" },
];

describe.each(providers)("due-time queries on %s", (provider) => {
  let t: TestServer;
  afterAll(async () => t?.stop());

  it.each(DUE)("$name reads through $index", async ({ sql, index }) => {
    t ??= await startTestServer(provider, { controlLoops: false });
    const prisma = t.services().db.prisma;
    const at = new Date();
    let plan: string;
    if (provider === "sqlite") {
      const rows = await prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql.replace("$1", "?")}`, ...(sql.includes("$1") ? [at.toISOString()] : []));
      plan = rows.map((r) => r.detail).join("\n");
    } else {
      // An empty table is cheapest to scan: forbid that, so the plan shows whether an index can serve the query.
      const rows = await prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql.replace("$1", "$1::timestamp")}`, ...(sql.includes("$1") ? [at] : []));
      });
      plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    }
    expect(plan).toContain(index);
  });
});
