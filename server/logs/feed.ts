import { EventEmitter } from "node:events";
import type { StoredLogLine } from "../db/ingest-writer.ts";

/**
 * In-process wake-ups for log followers: ingestion hands over the lines it
 * stored, per execution, after they are committed. Followers take them
 * through a LineHandoff, which falls back to the database whenever what is
 * in hand does not continue their cursor, so a missed or partial hand-over
 * costs latency, never lines, and a follower on another replica catches up
 * on its poll.
 */
const ANY = Symbol("any execution");

export class LogFeed {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  notify(byExecution: ReadonlyMap<string, readonly StoredLogLine[]>): void {
    for (const [id, lines] of byExecution) {
      this.emitter.emit(id, lines);
      this.emitter.emit(ANY, id);
    }
  }
  /** Every execution that gets lines: how a merged follower learns of an execution it has not listed yet. */
  onAny(listener: (executionId: string) => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }
  /** The lines stored for one execution, in lineNo order, as each batch is committed. */
  onLines(executionId: string, listener: (lines: readonly StoredLogLine[]) => void): () => void {
    this.emitter.on(executionId, listener);
    return () => this.emitter.off(executionId, listener);
  }
}
