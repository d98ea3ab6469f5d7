import type { Services } from "../services.ts";
import type { StoredLogLine as LogLine } from "../db/ingest-writer.ts";

/** Lines of one execution after `afterLineNo`, in lineNo order (through the direct driver connection). */
export function readLines(s: Services, executionId: string, afterLineNo: number, limit: number): Promise<LogLine[]> {
  return s.ingest.readLogLines(executionId, afterLineNo, limit);
}

const POLL_MS = 500;
const EXECUTIONS_REFRESH_MS = 1000;
const PAGE = 500;

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
  let cursor = afterLineNo;
  let wake: (() => void) | null = null;
  const off = s.logFeed.onLines(executionId, () => wake?.());
  try {
    while (!signal?.aborted) {
      const lines = await readLines(s, executionId, cursor, PAGE);
      if (lines.length) {
        cursor = lines[lines.length - 1].lineNo;
        yield lines;
        if (lines.length === PAGE) continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS).unref();
      });
      wake = null;
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
  const cursors = new Map<string, number>();
  const since = new Date(s.clock.now().getTime() - backlogMs);
  // Start every execution known now at the end of its backlog window.
  const known = await prisma.execution.findMany({ where: scope, select: { id: true } });
  for (const e of known) {
    const first = await prisma.logLine.findFirst({ where: { executionId: e.id, at: { gte: since } }, orderBy: { lineNo: "asc" } });
    const last = await prisma.logLine.findFirst({ where: { executionId: e.id }, orderBy: { lineNo: "desc" } });
    cursors.set(e.id, first ? first.lineNo - 1 : (last?.lineNo ?? 0));
  }
  let wake: (() => void) | null = null;
  const offs = new Map<string, () => void>();
  const watch = (id: string) => {
    if (!offs.has(id)) offs.set(id, s.logFeed.onLines(id, () => wake?.()));
  };
  // The job's executions are listed again only when lines arrive for an execution not seen yet (or once a
  // second): under a flood of lines, listing them on every wake-up cost more than reading the lines.
  let execs: { id: string }[] = [];
  let listedAt = 0;
  let relist = true;
  const listed = new Set<string>();
  // Executions of other jobs: after one listing shows an id is not ours, its lines no longer wake this follower.
  const foreign = new Set<string>();
  const unknown = new Set<string>();
  const offAny = s.logFeed.onAny((id) => {
    if (listed.has(id) || foreign.has(id)) return;
    unknown.add(id);
    relist = true;
    wake?.();
  });
  try {
    while (!signal?.aborted) {
      if (relist || Date.now() - listedAt >= EXECUTIONS_REFRESH_MS) {
        execs = await prisma.execution.findMany({ where: scope, select: { id: true } });
        listedAt = Date.now();
        relist = false;
        for (const e of execs) listed.add(e.id);
        for (const id of unknown) if (!listed.has(id)) foreign.add(id);
        unknown.clear();
      }
      const batch: LogLine[] = [];
      for (const e of execs) {
        watch(e.id);
        const lines = await readLines(s, e.id, cursors.get(e.id) ?? 0, PAGE);
        if (lines.length) cursors.set(e.id, lines[lines.length - 1].lineNo);
        batch.push(...lines);
      }
      if (batch.length) {
        batch.sort((a, b) => a.at.getTime() - b.at.getTime() || a.executionId.localeCompare(b.executionId) || a.lineNo - b.lineNo);
        yield batch;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS).unref();
      });
      wake = null;
    }
  } finally {
    offAny();
    for (const off of offs.values()) off();
  }
}
