import { describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { openIngestWriter } from "../../server/db/ingest-writer.ts";
import { createTestDatabase, databaseProviders } from "../support/database.ts";

const COLS = ["executionId", "jobId", "runId", "nodeId", "lineNo", "stream", "at", "text"];

for (const provider of await databaseProviders()) {
  describe(`ingest writer on ${provider}`, () => {
    it("stores rows Prisma reads back exactly, and ignores a resend", async () => {
      const tdb = await createTestDatabase(provider);
      await applyMigrations(tdb.url);
      const writer = openIngestWriter(tdb.url);
      const db = await openDatabase(tdb.url);
      try {
        const at = new Date("2026-02-03T04:05:06.789Z");
        const rows = [1, 2, 3].map((n) => ["exec-1", "job-1", null, "node-1", n, "stdout", at, `line ${n}`]);
        await writer.insertIgnoring("LogLine", COLS, rows);
        await writer.insertIgnoring("LogLine", COLS, [...rows, ["exec-1", "job-1", null, "node-1", 4, "stderr", at, "line 4"]]);
        const stored = await db.prisma.logLine.findMany({ orderBy: { lineNo: "asc" } });
        expect(stored.map((l) => [l.lineNo, l.stream, l.text])).toEqual([
          [1, "stdout", "line 1"],
          [2, "stdout", "line 2"],
          [3, "stdout", "line 3"],
          [4, "stderr", "line 4"],
        ]);
        expect(stored[0].at.toISOString()).toBe(at.toISOString());
        expect(await db.prisma.logLine.count({ where: { at: { gte: at } } })).toBe(4);
        // The direct read path returns the same rows as Prisma, from a cursor, with the same instant.
        const read = await writer.readLogLines("exec-1", 1, 2);
        expect(read).toEqual(stored.slice(1, 3).map((l) => ({ ...l })));
        expect(read[0].at.toISOString()).toBe(at.toISOString());
        expect(await writer.readLogLines("exec-1", 4, 10)).toEqual([]);
      } finally {
        await writer.close();
        await db.close();
        await tdb.drop();
      }
    });

    it("stores a batch of any size once, in order, across its statement chunks", async () => {
      const tdb = await createTestDatabase(provider);
      await applyMigrations(tdb.url);
      const writer = openIngestWriter(tdb.url);
      try {
        const at = new Date("2026-02-03T04:05:06.789Z");
        const row = (n: number) => ["exec-2", "job-2", "run-2", "node-2", n, "stdout", at, `line ${n}`];
        // 1,234 rows cross every chunk size; the second batch overlaps the first and ends on an odd size.
        await writer.insertIgnoring("LogLine", COLS, Array.from({ length: 1234 }, (_, i) => row(i + 1)));
        await writer.insertIgnoring("LogLine", COLS, Array.from({ length: 77 }, (_, i) => row(1200 + i)));
        const read = await writer.readLogLines("exec-2", 0, 5000);
        expect(read.map((l) => l.lineNo)).toEqual(Array.from({ length: 1276 }, (_, i) => i + 1));
        expect(read.every((l) => l.text === `line ${l.lineNo}` && l.runId === "run-2")).toBe(true);
      } finally {
        await writer.close();
        await tdb.drop();
      }
    });
  });
}
