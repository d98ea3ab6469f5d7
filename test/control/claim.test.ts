import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { acquireLease, claimEvaluations } from "../../server/control/claim.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

describe("evaluation claims and leases", () => {
  let tdb: TestDatabase;
  let db: Database;
  const t0 = new Date("2026-03-01T00:00:00Z");
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  beforeAll(async () => {
    tdb = await createTestDatabase("sqlite");
    await applyMigrations(tdb.url);
    db = await openDatabase(tdb.url);
    await db.prisma.job.create({
      data: {
        id: "job-claims", namespace: "default", name: "claims", type: "batch", priority: 50, spec: {}, version: 1, revision: 1,
        state: "PENDING", stateMessage: "", stateDetails: {}, createdAt: t0, updatedAt: t0,
      },
    });
    const evals: [string, number, Date | null][] = [
      ["eval-low", 10, null],
      ["eval-high", 90, null],
      ["eval-mid", 50, null],
      ["eval-later", 100, at(60)],
    ];
    for (const [id, priority, waitUntil] of evals) {
      await db.prisma.evaluation.create({
        data: { id, jobId: "job-claims", namespace: "default", triggeredBy: "test", priority, jobVersion: 1, status: "PENDING", statusMessage: "", waitUntil, createdAt: t0, updatedAt: t0 },
      });
    }
  });

  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it("claims the highest priority first, never one not yet due, and each only once", async () => {
    const first = await claimEvaluations(db, "a", at(1), 120_000, 1);
    expect(first.map((e) => e.id)).toEqual(["eval-high"]);
    const rest = await claimEvaluations(db, "b", at(1), 120_000, 10);
    expect(rest.map((e) => e.id)).toEqual(["eval-mid", "eval-low"]);
    expect(await claimEvaluations(db, "c", at(2), 120_000, 10)).toEqual([]);
    const due = await claimEvaluations(db, "c", at(61), 120_000, 10);
    expect(due.map((e) => e.id)).toEqual(["eval-later"]);
  });

  it("hands a claim whose holder died to another after it expires", async () => {
    const again = await claimEvaluations(db, "d", at(200), 30_000, 10);
    expect(again.map((e) => e.id).sort()).toEqual(["eval-high", "eval-low", "eval-mid", "eval-later"].sort());
    expect(again.every((e) => e.claimedBy === "d")).toBe(true);
  });

  it("gives a lease to one holder until it expires", async () => {
    expect(await acquireLease(db.prisma, "liveness", "a", at(0), 10_000)).toBe(true);
    expect(await acquireLease(db.prisma, "liveness", "b", at(5), 10_000)).toBe(false);
    expect(await acquireLease(db.prisma, "liveness", "a", at(6), 10_000)).toBe(true);
    expect(await acquireLease(db.prisma, "liveness", "b", at(17), 10_000)).toBe(true);
  });
});
