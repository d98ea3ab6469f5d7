import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../../common/logger.ts";
import { DroverError } from "../errors.ts";
import type { WakeBus } from "./bus.ts";
import { currentSeq, prunedSeq, readAllEventsAfter, readEvents } from "./log.ts";
import type { ReadDriver } from "../db/read-driver.ts";
import { matchesFilter, type EventFilter, type StoredEvent } from "./types.ts";

const PAGE = 1000;
/** A subscriber further behind than this reads from the log instead of memory. */
const MAX_QUEUED = 5000;

type Listener = (e: StoredEvent) => void;

/** A resume point without an event: everything matching up to `seq` was delivered. */
export interface Bookmark {
  bookmark: true;
  seq: number;
  at: Date;
}

export function isBookmark(item: StoredEvent | Bookmark): item is Bookmark {
  return "bookmark" in item;
}

/**
 * Tails the Event table in seq order and fans events out to this process's
 * subscribers. Every replica runs one, so every replica delivers the same
 * order. Wake-ups come from the bus; a slow poll covers lost wake-ups.
 */
export class EventTailer {
  private lastSeq = 0;
  private listeners = new Set<Listener>();
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribeBus: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    /** The driver-level reads: the tailer's own read after every commit goes through them. */
    private readonly reads: ReadDriver,
    private readonly bus: WakeBus,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.lastSeq = await currentSeq(this.prisma);
    this.unsubscribeBus = this.bus.onWake(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribeBus?.();
    if (this.timer) clearInterval(this.timer);
    await this.reading;
    this.listeners.clear();
  }

  /** Live subscriptions of this process (each shared execution counts once). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The seq up to which this tailer has dispatched. */
  get seq(): number {
    return this.lastSeq;
  }

  /** Reads and dispatches what committed since the last read. Concurrent calls coalesce. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const events = await readAllEventsAfter(this.reads, this.lastSeq, PAGE);
            for (const e of events) {
              this.lastSeq = e.seq;
              for (const l of this.listeners) l(e);
            }
            if (events.length < PAGE) break;
          }
        } while (this.again && !this.stopped);
      } catch (err) {
        if (!this.stopped) this.log.error({ err }, "event tailer read failed; retrying on next wake");
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  /**
   * Events matching `filter`: first those after `after` from the log (when
   * given), then live ones, in seq order, with no gap and no duplicate.
   * Without `after` it starts from now.
   *
   * Returning the stream stops it at once, even while it waits for the next
   * event (an async generator would only stop at that event's arrival), so an
   * unsubscribe frees its listener straight away.
   */
  subscribe(filter: EventFilter, after?: number | null, signal?: AbortSignal): AsyncIterableIterator<StoredEvent> {
    return this.stoppable((stop) => this.run(filter, after, stop, undefined) as AsyncGenerator<StoredEvent>, signal);
  }

  /**
   * `subscribe`, plus a bookmark whenever `bookmarkMs` pass without anything
   * delivered: the seq up to which this subscriber has seen every matching
   * event, so an idle subscriber's resume point stays fresh (and ahead of
   * retention) although its filter matched nothing for hours.
   */
  stream(filter: EventFilter, after?: number | null, opts: { signal?: AbortSignal; bookmarkMs?: number } = {}): AsyncIterableIterator<StoredEvent | Bookmark> {
    return this.stoppable((stop) => this.run(filter, after, stop, opts.bookmarkMs), opts.signal);
  }

  /** A generator whose return() and throw() stop it at once, through its own abort signal. */
  private stoppable<T>(start: (stop: AbortSignal) => AsyncGenerator<T>, signal?: AbortSignal): AsyncIterableIterator<T> {
    const stop = new AbortController();
    const forward = () => stop.abort();
    if (signal?.aborted) stop.abort();
    else signal?.addEventListener("abort", forward, { once: true });
    const stream = start(stop.signal);
    const release = () => signal?.removeEventListener("abort", forward);
    return {
      next: () => stream.next(),
      async return(value?: unknown) {
        stop.abort();
        release();
        return stream.return(value as undefined);
      },
      async throw(err?: unknown) {
        stop.abort();
        release();
        return stream.throw(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async *run(filter: EventFilter, after: number | null | undefined, signal: AbortSignal, bookmarkMs: number | undefined): AsyncGenerator<StoredEvent | Bookmark> {
    const queue: StoredEvent[] = [];
    let behind = false;
    let notify: (() => void) | null = null;
    let bookmarkTimer: NodeJS.Timeout | null = null;
    const listener: Listener = (e) => {
      if (!matchesFilter(e, filter)) return;
      if (queue.length >= MAX_QUEUED) {
        behind = true;
        queue.length = 0;
      } else if (!behind) queue.push(e);
      notify?.();
    };
    // Listen before reading the log: anything committed from here on is either
    // in the replay or in the queue (or both: duplicates are dropped by seq).
    this.listeners.add(listener);
    const onAbort = () => notify?.();
    signal.addEventListener("abort", onAbort);
    try {
      let delivered: number;
      if (after === undefined || after === null) {
        delivered = this.lastSeq;
      } else {
        if (after < 0) throw new DroverError("VALIDATION_FAILED", "after must be >= 0", { field: "after" });
        const pruned = await prunedSeq(this.prisma);
        if (after < pruned) {
          throw new DroverError(
            "RESYNC_REQUIRED",
            `events up to seq ${pruned} were removed by retention; list again and subscribe after the seq the list returns`,
            { field: "after", details: { oldestSeq: pruned + 1 } },
          );
        }
        // A seq no event has yet would make every event up to it invisible to
        // this subscriber once written: refuse it instead of waiting silently.
        const newest = await currentSeq(this.prisma);
        if (after > newest) {
          throw new DroverError("VALIDATION_FAILED", `after ${after} is beyond the newest event (seq ${newest}): subscribe after a seq a list or an event returned`, {
            field: "after",
            details: { newestSeq: newest },
          });
        }
        delivered = after;
        behind = true;
      }
      while (!signal.aborted && !this.stopped) {
        if (behind) {
          // Catch up from the log; the queue may hold part of the same range.
          behind = false;
          queue.length = 0;
          const page = await readEvents(this.prisma, delivered, filter, PAGE);
          for (const e of page) {
            delivered = e.seq;
            yield e;
          }
          if (page.length === PAGE) behind = true;
          continue;
        }
        const next = queue.shift();
        if (next) {
          if (next.seq > delivered) {
            delivered = next.seq;
            yield next;
          }
          continue;
        }
        let idle = false;
        await new Promise<void>((resolve) => {
          notify = resolve;
          if (bookmarkMs) {
            bookmarkTimer = setTimeout(() => {
              idle = true;
              resolve();
            }, bookmarkMs);
          }
        });
        notify = null;
        if (bookmarkTimer) clearTimeout(bookmarkTimer);
        if (idle && queue.length === 0 && !behind && !signal?.aborted && !this.stopped) {
          // Nothing queued and nothing to catch up: every matching event up to
          // what this tailer dispatched has been yielded.
          if (this.lastSeq > delivered) delivered = this.lastSeq;
          yield { bookmark: true, seq: delivered, at: new Date() };
        }
      }
    } finally {
      if (bookmarkTimer) clearTimeout(bookmarkTimer);
      this.listeners.delete(listener);
      signal.removeEventListener("abort", onAbort);
    }
  }
}

export { currentSeq };
