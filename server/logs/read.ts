import type { Services } from "../services.ts";
import type { StoredLogLine as LogLine } from "../db/ingest-writer.ts";
import { LineHandoff } from "./handoff.ts";
import { LineHoles } from "./holes.ts";

/** Lines of one execution after `afterLineNo`, in lineNo order (through the direct driver connection). */
export function readLines(s: Services, executionId: string, afterLineNo: number, limit: number): Promise<LogLine[]> {
  return s.ingest.readLogLines(executionId, afterLineNo, limit);
}

const POLL_MS = 500;
const EXECUTIONS_REFRESH_MS = 1000;
const PAGE = 500;

/**
 * One execution as a follower sees it: its cursor (the last lineNo
 * delivered), the lines ingestion handed over, and whether the last database
 * read reached the end (only then can the hand-off be trusted to hold
 * everything that comes next on this replica).
 */
class ExecutionCursor {
  readonly handoff = new LineHandoff();
  /** Line numbers passed without being seen: delivered when they turn up late. */
  readonly holes = new LineHoles();
  caughtUp = false;
  constructor(
    readonly executionId: string,
    public cursor: number,
  ) {}

  /**
   * The next lines: from the hand-off when it can answer, else from the
   * database, together with any line that filled a hole (those come first,
   * below the cursor: a follower gets every stored line once, not always in
   * lineNo order).
   */
  async next(s: Services, fromDatabase: boolean): Promise<LogLine[]> {
    const inHand = this.caughtUp && !fromDatabase ? this.handoff.take(this.cursor, (n) => this.holes.has(n)) : null;
    let lines: LogLine[];
    if (inHand === null) {
      const late = this.holes.size ? await this.readHoles(s) : [];
      const fresh = await readLines(s, this.executionId, this.cursor, PAGE);
      this.caughtUp = fresh.length < PAGE;
      lines = late.length ? [...late, ...fresh] : fresh;
    } else {
      lines = inHand;
    }
    const fresh: number[] = [];
    for (const l of lines) {
      if (l.lineNo <= this.cursor) this.holes.fill(l.lineNo);
      else fresh.push(l.lineNo);
    }
    if (fresh.length) {
      this.holes.noteDelivered(this.cursor, fresh);
      this.cursor = fresh[fresh.length - 1];
    }
    return lines;
  }

  /** Lines stored since in the ranges this follower skipped. */
  private async readHoles(s: Services): Promise<LogLine[]> {
    const out: LogLine[] = [];
    for (const h of [...this.holes.ranges()]) {
      // Lines of a hole are the lowest after h.from - 1, so one page finds those there are.
      const got = await readLines(s, this.executionId, h.from - 1, Math.min(h.to - h.from + 1, PAGE));
      for (const l of got) if (l.lineNo <= h.to) out.push(l);
    }
    return out;
  }
}

/** Waits for a wake-up or the poll interval; says whether it was the poll (time to look at the database). */
class Waiter {
  private wake: (() => void) | null = null;
  readonly notify = () => this.wake?.();
  async wait(): Promise<"woken" | "polled"> {
    const outcome = await new Promise<"woken" | "polled">((resolve) => {
      this.wake = () => resolve("woken");
      setTimeout(() => resolve("polled"), POLL_MS).unref();
    });
    this.wake = null;
    return outcome;
  }
}

/**
 * Follows one execution's log from `afterLineNo`: what is stored, then new
 * lines as they arrive, in batches, without gaps or duplicates (the cursor is
 * the lineNo the agent assigned).
 */
export async function* followLines(
  s: Services,
  executionId: string,
  afterLineNo: number,
  signal?: AbortSignal,
): AsyncGenerator<LogLine[]> {
  const exec = new ExecutionCursor(executionId, afterLineNo);
  const waiter = new Waiter();
  const off = s.logFeed.onLines(executionId, (lines) => {
    exec.handoff.push(lines);
    waiter.notify();
  });
  try {
    let fromDatabase = true;
    while (!signal?.aborted) {
      const lines = await exec.next(s, fromDatabase);
      if (lines.length) {
        yield lines;
        fromDatabase = false;
        continue;
      }
      fromDatabase = (await waiter.wait()) === "polled";
    }
  } finally {
    off();
  }
}

/**
 * Follows every execution of a job (or a run), merged: each line keeps its
 * node and execution. The cursor is one lineNo per execution, so a line is
 * delivered once and none is skipped, whichever execution it came from, and
 * executions that start later join the stream. It starts with the lines of the
 * last `backlogMs` (0: only what comes next).
 */
export async function* followMany(
  s: Services,
  scope: { jobId: string } | { runId: string },
  backlogMs: number,
  signal?: AbortSignal,
): AsyncGenerator<LogLine[]> {
  const prisma = s.db.prisma;
  const waiter = new Waiter();
  const execs = new Map<string, ExecutionCursor>();
  const offs: (() => void)[] = [];
  const follow = (id: string, cursor: number) => {
    const exec = new ExecutionCursor(id, cursor);
    execs.set(id, exec);
    offs.push(
      s.logFeed.onLines(id, (lines) => {
        exec.handoff.push(lines);
        waiter.notify();
      }),
    );
  };
  const since = new Date(s.clock.now().getTime() - backlogMs);
  // Start every execution known now at the end of its backlog window.
  for (const e of await prisma.execution.findMany({ where: scope, select: { id: true } })) {
    const first = await prisma.logLine.findFirst({ where: { executionId: e.id, at: { gte: since } }, orderBy: { lineNo: "asc" } });
    const last = await prisma.logLine.findFirst({ where: { executionId: e.id }, orderBy: { lineNo: "desc" } });
    follow(e.id, first ? first.lineNo - 1 : (last?.lineNo ?? 0));
  }
  // The job's executions are listed again only when lines arrive for an execution not seen yet (or once a
  // second): under a flood of lines, listing them on every wake-up cost more than reading the lines.
  let listedAt = Date.now();
  let relist = false;
  // Executions of other jobs: after one listing shows an id is not ours, its lines no longer wake this follower.
  const foreign = new Set<string>();
  const unknown = new Set<string>();
  offs.push(
    s.logFeed.onAny((id) => {
      if (execs.has(id) || foreign.has(id)) return;
      unknown.add(id);
      relist = true;
      waiter.notify();
    }),
  );
  try {
    let fromDatabase = true;
    while (!signal?.aborted) {
      if (relist || Date.now() - listedAt >= EXECUTIONS_REFRESH_MS) {
        // An execution that starts later is followed from its first line.
        for (const e of await prisma.execution.findMany({ where: scope, select: { id: true } })) {
          if (!execs.has(e.id)) follow(e.id, 0);
        }
        listedAt = Date.now();
        relist = false;
        for (const id of unknown) if (!execs.has(id)) foreign.add(id);
        unknown.clear();
      }
      const batch: LogLine[] = [];
      for (const exec of execs.values()) {
        const lines = await exec.next(s, fromDatabase);
        for (const l of lines) batch.push(l);
      }
      if (batch.length) {
        batch.sort((a, b) => a.at.getTime() - b.at.getTime() || a.executionId.localeCompare(b.executionId) || a.lineNo - b.lineNo);
        yield batch;
        fromDatabase = false;
        continue;
      }
      fromDatabase = (await waiter.wait()) === "polled";
    }
  } finally {
    for (const off of offs) off();
  }
}
