import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultDatabaseUrl, NodeState, openDatabase, Prisma, type Database } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { providerFromUrl, redactUrl, sqliteFilePath } from "../../server/db/url.ts";
import { createTestDatabase, databaseProviders, type TestDatabase } from "../support/database.ts";

const providers = await databaseProviders();

describe("database URLs", () => {
  it("pick the provider from the URL", () => {
    expect(providerFromUrl("file:./x.db")).toBe("sqlite");
    expect(providerFromUrl("/var/lib/drover.db")).toBe("sqlite");
    expect(providerFromUrl("x.db")).toBe("sqlite");
    expect(providerFromUrl("postgres://u@h/db")).toBe("postgresql");
    expect(providerFromUrl("postgresql://u:p@h:5432/db?sslmode=disable")).toBe("postgresql");
    expect(() => providerFromUrl("mysql://u@h/db")).toThrow(/unsupported database URL/);
  });

  it("resolve SQLite files", () => {
    expect(sqliteFilePath("file:./x.db", "/srv")).toBe("/srv/x.db");
    expect(sqliteFilePath("file:/abs/x.db?mode=rwc", "/srv")).toBe("/abs/x.db");
    expect(sqliteFilePath("file:///abs/x.db", "/srv")).toBe("/abs/x.db");
    expect(sqliteFilePath("rel/x.db", "/srv")).toBe("/srv/rel/x.db");
  });

  it("default to .drover/drover.db in the working directory", () => {
    expect(defaultDatabaseUrl("/home/me/project")).toBe(`file:${path.join("/home/me/project", ".drover", "drover.db")}`);
  });

  it("hide passwords in messages", () => {
    expect(redactUrl("postgresql://drover:s3cret@db:5432/drover")).toBe("postgresql://drover:***@db:5432/drover");
  });
});

for (const provider of providers) {
  describe(`openDatabase (${provider})`, () => {
    let tdb: TestDatabase | null = null;
    let db: Database | null = null;
    afterEach(async () => {
      await db?.close();
      await tdb?.drop();
      db = null;
      tdb = null;
    });

    it("creates and reads rows through the generated client", async () => {
      tdb = await createTestDatabase(provider);
      await applyMigrations(tdb.url);
      db = await openDatabase(tdb.url);
      expect(db.provider).toBe(provider);
      expect(db.url).toBe(tdb.url);

      const at = new Date("2025-03-04T05:06:07.089Z");
      await db.prisma.node.create({
        data: {
          id: "node-a",
          hostname: "a.example",
          capacity: 4,
          state: NodeState.READY,
          labels: { zone: "eu-1", "k8s.io/role": "worker" },
          runtimes: { process: true, docker: false },
          registeredAt: at,
          updatedAt: at,
          revision: 1,
          labelRows: { create: [{ key: "zone", value: "eu-1" }, { key: "k8s.io/role", value: "worker" }] },
        },
      });
      const node = await db.prisma.node.findUniqueOrThrow({ where: { id: "node-a" }, include: { labelRows: true } });
      expect(node.hostname).toBe("a.example");
      expect(node.state).toBe("READY");
      expect(node.labels).toEqual({ zone: "eu-1", "k8s.io/role": "worker" });
      expect(node.registeredAt.toISOString()).toBe(at.toISOString());
      expect(node.agentVersion).toBeNull();
      expect(node.labelRows.map((r) => `${r.key}=${r.value}`).sort()).toEqual(["k8s.io/role=worker", "zone=eu-1"]);

      // label filters run in SQL over the normalised rows
      const found = await db.prisma.node.findMany({ where: { labelRows: { some: { key: "zone", value: "eu-1" } } } });
      expect(found.map((n) => n.id)).toEqual(["node-a"]);

      // BigInt columns, transactions, and the Prisma namespace's runtime values
      await db.prisma.$transaction(async (tx: Prisma.TransactionClient) => {
        await tx.seqCounter.create({ data: { name: "events", value: 9007199254740993n } });
        await tx.event.create({ data: { seq: 1n, at, type: "NODE_REGISTERED", nodeId: "node-a", snapshot: { id: "node-a" } } });
      });
      expect((await db.prisma.seqCounter.findUniqueOrThrow({ where: { name: "events" } })).value).toBe(9007199254740993n);
      await db.prisma.run.deleteMany({ where: { result: { equals: Prisma.DbNull } } });

      // cascading deletes
      await db.prisma.node.delete({ where: { id: "node-a" } });
      expect(await db.prisma.nodeLabel.count()).toBe(0);
    });

    it("closes cleanly, twice", async () => {
      tdb = await createTestDatabase(provider);
      await applyMigrations(tdb.url);
      const opened = await openDatabase(tdb.url);
      await opened.prisma.lease.create({ data: { name: "loop", holder: "me", expiresAt: new Date() } });
      await opened.close();
      await opened.close();
      db = await openDatabase(tdb.url);
      expect(await db.prisma.lease.count()).toBe(1);
    });

    if (provider === "sqlite") {
      it("runs SQLite in WAL mode with synchronous=NORMAL, a busy timeout and foreign keys", async () => {
        tdb = await createTestDatabase(provider);
        await applyMigrations(tdb.url);
        db = await openDatabase(tdb.url);
        const pragma = async (name: string) => {
          const rows = await db!.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
          return String(Object.values(rows[0])[0]);
        };
        expect(await pragma("journal_mode")).toBe("wal");
        expect(await pragma("synchronous")).toBe("1");
        expect(Number(await pragma("busy_timeout"))).toBeGreaterThanOrEqual(1000);
        expect(await pragma("foreign_keys")).toBe("1");
      });
    }
  });
}
