import { EventEmitter } from "node:events";

/**
 * In-process wake-ups for log followers: ingestion names the executions that
 * got lines. Followers read the lines themselves from the database by
 * (executionId, lineNo), so a missed wake-up costs latency, never lines, and
 * a follower on another replica catches up on its poll.
 */
export class LogFeed {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  notify(executionIds: Iterable<string>): void {
    for (const id of executionIds) this.emitter.emit(id);
  }
  onLines(executionId: string, listener: () => void): () => void {
    this.emitter.on(executionId, listener);
    return () => this.emitter.off(executionId, listener);
  }
}
