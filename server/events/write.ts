import type { Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { appendEvents, eventStatements } from "./log.ts";
import type { Statement, StatementResult } from "../db/direct-sql.ts";
import type { NewEvent } from "./types.ts";

type Tx = Prisma.TransactionClient;

/** Collects the events a write produces; they are appended after its last change. */
export interface EventSink {
  emit(...events: NewEvent[]): void;
}

export interface Written<T> {
  result: T;
  /** The seq of the last event written, or null when the write produced none. */
  seq: number | null;
}

/**
 * The shape of every state change in Drover: one transaction that makes its
 * changes, appends the events they produce as its last write (so seq order is
 * commit order, see appendEvents), and wakes subscribers only after commit, so
 * nobody is told of a change that could still roll back.
 */
export async function writeWithEvents<T>(
  s: Pick<Services, "db" | "clock" | "bus">,
  body: (tx: Tx, events: EventSink) => Promise<T>,
): Promise<Written<T>> {
  const written = await s.db.prisma.$transaction(async (tx) => {
    const pending: NewEvent[] = [];
    const result = await body(tx, { emit: (...events) => void pending.push(...events) });
    const seqs = await appendEvents(tx, s, pending);
    return { result, seq: seqs.length ? seqs[seqs.length - 1] : null };
  });
  if (written.seq !== null) s.bus.publish(written.seq);
  return written;
}

/**
 * writeWithEvents for a write made of plain statements (see db/direct-sql.ts):
 * the statements, then the events' seq and rows as the transaction's last
 * writes, in one transaction through the driver; subscribers and the
 * scheduler are woken after commit. A statement's check that throws rolls
 * everything back.
 */
export async function writeStatementsWithEvents(
  s: Pick<Services, "db" | "clock" | "bus">,
  statements: readonly Statement[],
  events: readonly NewEvent[],
): Promise<{ results: StatementResult[]; seq: number | null }> {
  const appended = eventStatements(events, s.clock.now());
  const results = await s.db.sql.transaction([...statements, ...appended.statements]);
  const seqs = appended.seqsOf(results);
  const seq = seqs.length ? seqs[seqs.length - 1] : null;
  if (seq !== null) s.bus.publish(seq);
  return { results, seq };
}
