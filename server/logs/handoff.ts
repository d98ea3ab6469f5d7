import type { StoredLogLine } from "../db/ingest-writer.ts";

/** Past this many lines waiting, a follower that does not keep up reads the database instead. */
export const HANDOFF_MAX_LINES = 5_000;

/**
 * The lines this replica just stored for one execution, handed to a follower
 * so that, once caught up, it need not read back what ingestion had in hand
 * (reading them back was an eighth of the server's time under a log flood).
 *
 * The database stays the source of truth: `take` gives lines only when they
 * continue the follower's cursor without a gap. Anything else (lines stored
 * through another replica, lines an agent dropped, a follower that fell
 * behind and overflowed the queue) answers `null`, and the follower reads
 * the database from its cursor, which is always correct.
 */
export class LineHandoff {
  private queue: StoredLogLine[] = [];
  private overflowed = false;

  /** Lines as stored, in lineNo order for their execution. */
  push(lines: readonly StoredLogLine[]): void {
    if (this.overflowed) return;
    if (this.queue.length + lines.length > HANDOFF_MAX_LINES) {
      this.queue = [];
      this.overflowed = true;
      return;
    }
    for (const l of lines) this.queue.push(l);
  }

  /**
   * The lines right after `cursor` that are in hand: [] when none is waiting,
   * null when the database must be read instead. Lines at or before the cursor
   * (resends, or lines already read from the database) are discarded, except
   * those `missing` says the follower never got: they come first.
   */
  take(cursor: number, missing?: (lineNo: number) => boolean): StoredLogLine[] | null {
    if (this.overflowed) {
      this.overflowed = false;
      return null;
    }
    // Lines at or before the cursor are resends, except those the follower is missing (they came late).
    const late: StoredLogLine[] = [];
    let start = 0;
    for (; start < this.queue.length && this.queue[start].lineNo <= cursor; start++) {
      if (missing?.(this.queue[start].lineNo)) late.push(this.queue[start]);
    }
    if (start === this.queue.length) {
      this.queue = [];
      return late;
    }
    if (this.queue[start].lineNo !== cursor + 1) {
      this.queue = this.queue.slice(start);
      // The late ones are read again with the follower's holes when it goes to the database.
      return null;
    }
    let end = start + 1;
    while (end < this.queue.length && this.queue[end].lineNo === this.queue[end - 1].lineNo + 1) end++;
    const taken = this.queue.slice(start, end);
    this.queue = this.queue.slice(end);
    return late.length ? [...late, ...taken] : taken;
  }
}
