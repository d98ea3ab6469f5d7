import type { Prisma, PrismaClient } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { workspaceWhere } from "../db/namespace-where.ts";
import { FILTER_FIELDS, type EventFilter, type NewEvent, type StoredEvent } from "./types.ts";
import { bulkInsert } from "../db/bulk-insert.ts";
import type { DatabaseProvider } from "../db/url.ts";
import type { Statement, StatementResult } from "../db/direct-sql.ts";
import type { ReadDriver } from "../db/read-driver.ts";

type Tx = Prisma.TransactionClient;

export const EVENTS_COUNTER = "events";
/** Highest seq removed by retention: a resume from below it cannot be served. */
const PRUNED_COUNTER = "events_pruned";

/** Creates the counter rows once; safe to call on every start. */
export async function ensureEventCounters(prisma: PrismaClient): Promise<void> {
  for (const name of [EVENTS_COUNTER, PRUNED_COUNTER]) {
    const row = await prisma.seqCounter.findUnique({ where: { name } });
    if (!row) {
      try {
        await prisma.seqCounter.create({ data: { name, value: 0n } });
      } catch {
        // another replica created it between our read and write
      }
    }
  }
}

const EVENT_COLUMNS = ["seq", "at", "type", "namespace", "jobId", "executionId", "runId", "nodeId", "rolloutId", "snapshot"] as const;

/** One Event row in EVENT_COLUMNS order; the snapshot comes serialised as the caller's driver wants it. */
function eventRow(e: NewEvent, seq: number, at: Date, snapshot: unknown): unknown[] {
  return [seq, at, e.type, e.namespace ?? null, e.jobId ?? null, e.executionId ?? null, e.runId ?? null, e.nodeId ?? null, e.rolloutId ?? null, snapshot];
}

/**
 * Appends events inside the caller's transaction and returns their seqs.
 *
 * Call it as the last write of the transaction. Incrementing the counter row
 * takes its row lock, held until commit, so on PostgreSQL a later transaction
 * cannot take a seq until this one has committed: seq order is commit order,
 * and a subscriber resuming after seq N never misses an event that commits
 * later with a smaller seq. SQLite's single writer gives the same for free.
 */
export async function appendEvents(
  tx: Tx,
  s: { clock: Clock; db: { provider: DatabaseProvider } },
  events: NewEvent[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const counter = await tx.seqCounter.update({
    where: { name: EVENTS_COUNTER },
    data: { value: { increment: events.length } },
  });
  const last = Number(counter.value);
  const first = last - events.length + 1;
  const at = s.clock.now();
  await bulkInsert(
    tx,
    s.db.provider,
    "Event",
    [...EVENT_COLUMNS],
    events.map((e, i) => eventRow(e, first + i, at, toJson(e.snapshot))),
  );
  return events.map((_, i) => first + i);
}


/**
 * appendEvents as two plain statements for DirectSql: the counter's
 * increment (last write but one, so its lock is held only to commit, as
 * above) and one multi-row insert of the events with the seqs it took.
 * `seqsOf` reads the seqs back from the transaction's results.
 */
export function eventStatements(events: readonly NewEvent[], at: Date): { statements: Statement[]; seqsOf(results: readonly StatementResult[]): number[] } {
  if (events.length === 0) return { statements: [], seqsOf: () => [] };
  const row = `(${EVENT_COLUMNS.map(() => "?").join(", ")})`;
  let counterIndex = -1;
  const lastOf = (results: readonly StatementResult[]) => Number(results[counterIndex].rows[0].value);
  const statements: Statement[] = [
    {
      sql: `UPDATE "SeqCounter" SET "value" = "value" + ? WHERE "name" = '${EVENTS_COUNTER}' RETURNING "value"`,
      params: [events.length],
    },
    {
      sql: `INSERT INTO "Event" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${events.map(() => row).join(", ")}`,
      params: (before) => {
        counterIndex = before.length - 1;
        const first = lastOf(before) - events.length + 1;
        return events.flatMap((e, i) => eventRow(e, first + i, at, snapshotJson(e.snapshot)));
      },
    },
  ];
  return {
    statements,
    seqsOf(results) {
      const last = lastOf(results);
      return events.map((_, i) => last - events.length + 1 + i);
    },
  };
}

/** The newest committed seq; list queries return it so clients can subscribe after it. */
export async function currentSeq(prisma: PrismaClient | Tx): Promise<number> {
  const row = await prisma.seqCounter.findUnique({ where: { name: EVENTS_COUNTER } });
  return row ? Number(row.value) : 0;
}

export async function prunedSeq(prisma: PrismaClient): Promise<number> {
  const row = await prisma.seqCounter.findUnique({ where: { name: PRUNED_COUNTER } });
  return row ? Number(row.value) : 0;
}

/** Events after `after`, oldest first, matching the filter in SQL. */
export async function readEvents(
  prisma: PrismaClient,
  after: number,
  filter: EventFilter = {},
  limit = 500,
): Promise<StoredEvent[]> {
  const rows = await prisma.event.findMany({
    where: {
      seq: { gt: BigInt(after) },
      ...(filter.types ? { type: { in: [...filter.types] } } : {}),
      ...Object.fromEntries(FILTER_FIELDS.filter((k) => filter[k] !== undefined).map((k) => [k, filter[k]])),
      ...workspaceWhere(filter.workspace),
    },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return rows.map(fromRow);
}

/**
 * Every event after `after`, in seq order, through the driver: what each
 * replica's tailer reads after every commit (readEvents through the Prisma
 * client cost more than most of the writes it follows). Snapshots are parsed
 * when first read, once for all the subscribers that share the event.
 */
export async function readAllEventsAfter(reads: ReadDriver, after: number, limit: number): Promise<StoredEvent[]> {
  const rows = await reads.rows<Omit<StoredEvent, "seq" | "type"> & { seq: bigint; type: string }>(
    "Event",
    `SELECT * FROM "Event" WHERE "seq" > ? ORDER BY "seq" ASC LIMIT ?`,
    [after, limit],
  );
  return rows.map(fromRow);
}

/** Deletes events older than the retention window and remembers the highest seq removed. */
export async function pruneEvents(prisma: PrismaClient, olderThan: Date): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const newest = await tx.event.findFirst({ where: { at: { lt: olderThan } }, orderBy: { seq: "desc" } });
    if (!newest) return 0;
    const { count } = await tx.event.deleteMany({ where: { seq: { lte: newest.seq } } });
    await tx.seqCounter.update({ where: { name: PRUNED_COUNTER }, data: { value: newest.seq } });
    return count;
  });
}

export function fromRow(r: Omit<StoredEvent, "seq" | "type"> & { seq: bigint; type: string }): StoredEvent {
  return { ...r, seq: Number(r.seq), type: r.type as StoredEvent["type"] };
}

/** Snapshots are stored as JSON: Dates become ISO strings, bigints numbers. */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(snapshotJson(value)) as Prisma.InputJsonValue;
}

/** A snapshot's stored text (what toJson's value serialises to). */
export function snapshotJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}

