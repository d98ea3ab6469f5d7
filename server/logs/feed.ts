import { EventEmitter } from "node:events";

/**
 * In-process wake-ups for log followers: ingestion names the executions that
 * got lines. Followers read the lines themselves from the database by
 * (executionId, lineNo), so a missed wake-up costs latency, never lines, and
 * a follower on another replica catches up on its poll.
 */
const ANY = Symbol("any execution");

export class LogFeed {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  notify(executionIds: Iterable<string>): void {
    for (const id of executionIds) {
      this.emitter.emit(id);
      this.emitter.emit(ANY, id);
    }
  }
  /** Every execution that gets lines: how a merged follower learns of an execution it has not listed yet. */
  onAny(listener: (executionId: string) => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }
  onLines(executionId: string, listener: () => void): () => void {
    this.emitter.on(executionId, listener);
    return () => this.emitter.off(executionId, listener);
  }
}
