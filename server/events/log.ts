import type { Prisma, PrismaClient } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { FILTER_FIELDS, type EventFilter, type NewEvent, type StoredEvent } from "./types.ts";
import { bulkInsert } from "../db/bulk-insert.ts";
import type { DatabaseProvider } from "../db/url.ts";

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
    ["seq", "at", "type", "namespace", "jobId", "executionId", "runId", "nodeId", "rolloutId", "snapshot"],
    events.map((e, i) => [
      first + i,
      at,
      e.type,
      e.namespace ?? null,
      e.jobId ?? null,
      e.executionId ?? null,
      e.runId ?? null,
      e.nodeId ?? null,
      e.rolloutId ?? null,
      toJson(e.snapshot),
    ]),
  );
  return events.map((_, i) => first + i);
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
    },
    orderBy: { seq: "asc" },
    take: limit,
  });
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
  return JSON.parse(
    JSON.stringify(value ?? null, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  ) as Prisma.InputJsonValue;
}

