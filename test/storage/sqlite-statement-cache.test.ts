import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { withStatementCache } from "../../server/db/sqlite-statement-cache.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

describe("withStatementCache", () => {
  it("prepares a text once, binds each call's arguments apart, and evicts the least recently used", () => {
    const raw = new BetterSqlite3(":memory:");
    raw.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    const prepare = vi.spyOn(raw, "prepare");
    const db = withStatementCache(raw, 2);
    const insert = "INSERT INTO t (id, name) VALUES (?, ?)";
    db.prepare(insert).bind([1, "a"]).run();
    db.prepare(insert).bind([2, "b"]).run();
    expect(prepare).toHaveBeenCalledTimes(1);
    const select = "SELECT id, name FROM t WHERE id = ?";
    expect(db.prepare(select).bind([1]).raw().all()).toEqual([[1, "a"]]);
    expect(db.prepare(select).bind([2]).raw().all()).toEqual([[2, "b"]]);
    expect(db.prepare(select).bind([2]).columns().map((c) => c.name)).toEqual(["id", "name"]);
    expect(db.prepare(insert).reader).toBe(false);
    expect(db.prepare(select).reader).toBe(true);
    expect(prepare).toHaveBeenCalledTimes(2);
    db.prepare("SELECT count(*) FROM t"); // a third text evicts the least recent (the insert)
    db.prepare(select);
    expect(prepare).toHaveBeenCalledTimes(3);
    db.prepare(insert).bind([3, "c"]).run();
    expect(prepare).toHaveBeenCalledTimes(4);
    expect(db.statementCache).toMatchObject({ size: 2 });
    // Everything else is the connection itself.
    expect(db.prepare === raw.prepare).toBe(false);
    expect(db.inTransaction).toBe(false);
    db.close();
    expect(raw.open).toBe(false);
  });
});

describe("the Prisma client on SQLite", () => {
  let tdb: TestDatabase | null = null;
  let db: Database | null = null;
  afterEach(async () => {
    vi.restoreAllMocks();
    await db?.close();
    await tdb?.drop();
    db = tdb = null;
  });

  it("does not compile the same statement again for each query, in or out of a transaction", async () => {
    tdb = await createTestDatabase("sqlite");
    await applyMigrations(tdb.url);
    db = await openDatabase(tdb.url);
    const prisma = db.prisma;
    await prisma.lease.findMany({ where: { name: "warm" } });
    await prisma.$transaction(async (tx) => tx.lease.create({ data: { name: "warm", holder: "h", expiresAt: new Date() } }));
    const prepare = vi.spyOn(BetterSqlite3.prototype, "prepare");
    for (let i = 0; i < 20; i++) {
      await prisma.lease.findMany({ where: { name: `n${i}` } });
      await prisma.$transaction(async (tx) => tx.lease.create({ data: { name: `n${i}`, holder: "h", expiresAt: new Date() } }));
    }
    // 20 reads and 20 transactions (BEGIN, the insert, COMMIT) ran the texts warmed above.
    expect(prepare.mock.calls.length).toBeLessThanOrEqual(2);
    expect(await prisma.lease.count()).toBe(21);
  });
});
