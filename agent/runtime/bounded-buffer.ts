/**
 * What the agent has to tell the server, held until the server confirms it.
 * While the server is unreachable this must not grow without bound, and what
 * it gives up is chosen by worth:
 *
 * - State changes are small and essential (a run cannot finish without its
 *   terminal state), so they are always kept. Past `maxStates`, each
 *   execution keeps only its latest change: reports carry a rising counter
 *   and the server applies the highest, so skipping intermediate ones is safe.
 * - Log lines are the bulk. Past `maxLogLines` (or `maxLogBytes`) the oldest go,
 *   counted per execution so the agent can say "N lines dropped".
 * - Metric samples are only a chart; past `maxSamples` the oldest go.
 *
 * Removal is by acknowledgement: `nextBatch()` only looks, `ack(batch)`
 * removes exactly what the server confirmed. A failed send leaves everything
 * in place for the next `nextBatch()`, so a resend after a reconnect carries
 * the same items with the same keys ((executionId, lineNo) for lines,
 * (executionId, sampleNo) for samples, (executionId, counter) for states),
 * which the server ignores when it already has them; nothing is ever queued
 * twice. The agent sends one batch at a time.
 *
 * Dropped lines leave a trace in the log itself: given a `dropMarker`, each
 * run of consecutive drops of an execution becomes one marker line, sent in
 * the place of the last line it stands for (its lineNo was never stored), so
 * a reader sees "N lines dropped" exactly where they are missing.
 */

export interface StateItem {
  executionId: string;
  /** Per execution, rising with every change. */
  counter: number;
}

export interface LogItem {
  executionId: string;
  lineNo: number;
  text?: string;
  at?: Date;
}

export interface SampleItem {
  executionId: string;
  sampleNo: number;
}

export interface BufferLimits {
  maxStates: number;
  maxLogLines: number;
  maxLogBytes: number;
  maxSamples: number;
}

export interface BatchLimits {
  states: number;
  logLines: number;
  /** Characters of log text (plus a per-line overhead) in one batch; at least one line always goes. */
  logBytes: number;
  samples: number;
}

export interface DroppedLines {
  executionId: string;
  /** Cumulative for the execution, so a resent notice is idempotent. */
  lines: number;
}

export interface OutboundBatch<S extends StateItem, L extends LogItem, M extends SampleItem> {
  /** Send these first, so a terminal state never arrives ahead of its own output. */
  logLines: L[];
  samples: M[];
  states: S[];
  /** Executions whose dropped-line count the server has not yet been told. */
  dropped: DroppedLines[];
}

/** A run of one execution's lines dropped in a row. */
export interface DroppedRun {
  executionId: string;
  firstLineNo: number;
  lastLineNo: number;
  lines: number;
  /** When the last of them was read, so the marker sorts where they were. */
  lastAt?: Date;
  /** Set when the server refused the lines, with its reason; unset when the buffer overflowed. */
  rejected?: string;
}

export interface BufferOptions<L extends LogItem> {
  /** The marker line standing for a dropped run; without it, drops are only counted. */
  dropMarker?: (run: DroppedRun) => L;
}

export const DEFAULT_BUFFER_LIMITS: BufferLimits = {
  maxStates: 1_000,
  maxLogLines: 50_000,
  maxLogBytes: 32 * 1024 * 1024,
  maxSamples: 5_000,
};

export const DEFAULT_BATCH_LIMITS: BatchLimits = { states: 100, logLines: 500, logBytes: 4 * 1024 * 1024, samples: 200 };

/** Rough bytes held per line, beyond its text. */
const LINE_OVERHEAD_BYTES = 64;

export class OutboundBuffer<S extends StateItem = StateItem, L extends LogItem = LogItem, M extends SampleItem = SampleItem> {
  private readonly limits: BufferLimits;
  // Maps keep insertion order, so the first key is the oldest item, and
  // removal by key (ack) is O(1).
  private readonly states = new Map<string, S>();
  private readonly lines = new Map<string, L>();
  private readonly samples = new Map<string, M>();
  private lineBytes = 0;
  private readonly droppedByExecution = new Map<string, number>();
  private readonly droppedAcked = new Map<string, number>();
  private droppedSampleCount = 0;
  /**
   * Per execution, the dropped run a marker has not been acknowledged for.
   * Once a marker is handed out in a batch its run is sealed: later drops
   * start a new run, so a resent marker always says the same thing.
   */
  private readonly runs = new Map<string, (DroppedRun & { sealed: boolean })[]>();
  private readonly dropMarker: ((run: DroppedRun) => L) | undefined;
  /** When each state and line was pushed: a state goes out only with the lines pushed before it. */
  private readonly order = new WeakMap<object, number>();
  private pushed = 0;

  constructor(limits: Partial<BufferLimits> = {}, options: BufferOptions<L> = {}) {
    this.limits = { ...DEFAULT_BUFFER_LIMITS, ...limits };
    this.dropMarker = options.dropMarker;
  }

  pushState(item: S): void {
    this.order.set(item, ++this.pushed);
    this.states.set(`${item.executionId}\u0000${item.counter}`, item);
    if (this.states.size > this.limits.maxStates) this.compactStates();
  }

  pushLog(item: L): void {
    this.order.set(item, ++this.pushed);
    const k = `${item.executionId}\u0000${item.lineNo}`;
    const old = this.lines.get(k);
    if (old) this.lineBytes -= sizeOf(old);
    this.lines.set(k, item);
    this.lineBytes += sizeOf(item);
    while (this.lines.size > this.limits.maxLogLines || (this.lineBytes > this.limits.maxLogBytes && this.lines.size > 1)) {
      const [oldestKey, oldest] = this.lines.entries().next().value!;
      this.lines.delete(oldestKey);
      this.lineBytes -= sizeOf(oldest);
      this.droppedByExecution.set(oldest.executionId, (this.droppedByExecution.get(oldest.executionId) ?? 0) + 1);
      this.noteDropped(oldest);
    }
  }

  private noteDropped(line: L): void {
    if (!this.dropMarker) return;
    let list = this.runs.get(line.executionId);
    if (!list) this.runs.set(line.executionId, (list = []));
    const open = list[list.length - 1];
    if (open && !open.sealed && !open.rejected) {
      open.lastLineNo = line.lineNo;
      open.lastAt = line.at;
      open.lines += 1;
    } else {
      list.push({ executionId: line.executionId, firstLineNo: line.lineNo, lastLineNo: line.lineNo, lastAt: line.at, lines: 1, sealed: false });
    }
  }

  /**
   * Gives up lines the server refused (a validation error, not a network
   * one: sending them again would be refused again and hold up everything
   * queued behind them). A marker per execution takes their place.
   */
  rejectLines(lines: readonly L[], reason: string): void {
    const byExecution = new Map<string, L[]>();
    for (const line of lines) {
      const k = `${line.executionId}\u0000${line.lineNo}`;
      const held = this.lines.get(k);
      if (!held) {
        this.ackMarker(line); // a refused marker is not sent again either, so this cannot loop
        continue;
      }
      this.lines.delete(k);
      this.lineBytes -= sizeOf(held);
      this.droppedByExecution.set(line.executionId, (this.droppedByExecution.get(line.executionId) ?? 0) + 1);
      let list = byExecution.get(line.executionId);
      if (!list) byExecution.set(line.executionId, (list = []));
      list.push(held);
    }
    for (const [executionId, dropped] of byExecution) {
      if (!this.dropMarker) continue;
      let runs = this.runs.get(executionId);
      if (!runs) this.runs.set(executionId, (runs = []));
      const last = dropped.reduce((a, b) => (b.lineNo > a.lineNo ? b : a));
      const first = dropped.reduce((a, b) => (b.lineNo < a.lineNo ? b : a));
      runs.push({ executionId, firstLineNo: first.lineNo, lastLineNo: last.lineNo, lastAt: last.at, lines: dropped.length, rejected: reason, sealed: false });
    }
  }

  pushSample(item: M): void {
    this.samples.set(`${item.executionId}\u0000${item.sampleNo}`, item);
    while (this.samples.size > this.limits.maxSamples) {
      this.samples.delete(this.samples.keys().next().value!);
      this.droppedSampleCount += 1;
    }
  }

  /** The oldest items up to the limits, without removing them. */
  nextBatch(limits: Partial<BatchLimits> = {}): OutboundBatch<S, L, M> {
    const l = { ...DEFAULT_BATCH_LIMITS, ...limits };
    const dropped: DroppedLines[] = [];
    for (const [executionId, lines] of this.droppedByExecution) {
      if ((this.droppedAcked.get(executionId) ?? 0) < lines) dropped.push({ executionId, lines });
    }
    const markers: L[] = [];
    for (const list of this.runs.values()) {
      for (const run of list) {
        run.sealed = true;
        const { sealed: _sealed, ...described } = run;
        markers.push(this.dropMarker!(described));
      }
    }
    // Bounded by count and by size: a request must stay well under the server's payload limit
    // (48 MiB) even when every line is 16 KiB long.
    const lines: L[] = [];
    let bytes = 0;
    let left: L | undefined;
    for (const line of this.lines.values()) {
      const size = sizeOf(line);
      if (lines.length >= l.logLines || (lines.length > 0 && bytes + size > l.logBytes)) {
        left = line;
        break;
      }
      lines.push(line);
      bytes += size;
    }
    // States pushed after the first line left for a later batch wait for it: a terminal state
    // must not reach the server while the execution's last lines are still here.
    const boundary = left ? this.order.get(left)! : Infinity;
    return {
      // Markers first: each stands for lines older than anything of its execution still held.
      logLines: markers.length ? [...markers, ...lines] : lines,
      samples: take(this.samples.values(), l.samples),
      states: take(this.states.values(), l.states, (st) => (this.order.get(st) ?? 0) < boundary),
      dropped,
    };
  }

  /**
   * Removes what the server confirmed. Items dropped or compacted away while
   * the batch was in flight are simply no longer there.
   */
  ack(batch: Partial<OutboundBatch<S, L, M>>): void {
    for (const s of batch.states ?? []) this.states.delete(`${s.executionId}\u0000${s.counter}`);
    for (const m of batch.samples ?? []) this.samples.delete(`${m.executionId}\u0000${m.sampleNo}`);
    for (const line of batch.logLines ?? []) {
      const k = `${line.executionId}\u0000${line.lineNo}`;
      const held = this.lines.get(k);
      if (!held) {
        this.ackMarker(line);
        continue;
      }
      this.lines.delete(k);
      this.lineBytes -= sizeOf(held);
    }
    for (const d of batch.dropped ?? []) {
      this.droppedAcked.set(d.executionId, Math.max(this.droppedAcked.get(d.executionId) ?? 0, d.lines));
    }
  }

  private ackMarker(line: L): void {
    const list = this.runs.get(line.executionId);
    if (!list) return;
    const i = list.findIndex((r) => r.sealed && r.lastLineNo === line.lineNo);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.runs.delete(line.executionId);
  }

  /** Lines of this execution dropped so far (cumulative). */
  droppedLines(executionId: string): number {
    return this.droppedByExecution.get(executionId) ?? 0;
  }

  get droppedSamples(): number {
    return this.droppedSampleCount;
  }

  /** Forget an execution's drop counters once it is finished and reported. */
  forget(executionId: string): void {
    this.runs.delete(executionId);
    this.droppedByExecution.delete(executionId);
    this.droppedAcked.delete(executionId);
  }

  get size(): { states: number; logLines: number; logBytes: number; samples: number } {
    return { states: this.states.size, logLines: this.lines.size, logBytes: this.lineBytes, samples: this.samples.size };
  }

  get isEmpty(): boolean {
    if (this.states.size + this.lines.size + this.samples.size + this.runs.size > 0) return false;
    for (const [id, n] of this.droppedByExecution) if ((this.droppedAcked.get(id) ?? 0) < n) return false;
    return true;
  }

  /** Keep the latest change per execution, in the order those changes arrived. */
  private compactStates(): void {
    const latest = new Map<string, number>();
    for (const s of this.states.values()) {
      latest.set(s.executionId, Math.max(latest.get(s.executionId) ?? -Infinity, s.counter));
    }
    for (const [k, s] of this.states) {
      if (s.counter !== latest.get(s.executionId)) this.states.delete(k);
    }
  }
}

/** Up to `n` items from the start, stopping at the first that fails `keep`. */
function take<T>(it: IterableIterator<T>, n: number, keep?: (v: T) => boolean): T[] {
  const out: T[] = [];
  for (const v of it) {
    if (out.length >= n || (keep && !keep(v))) break;
    out.push(v);
  }
  return out;
}

function sizeOf(line: LogItem): number {
  return LINE_OVERHEAD_BYTES + (line.text?.length ?? 0);
}
