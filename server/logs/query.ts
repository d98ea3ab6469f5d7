import type { LogLine, Prisma } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { tryParseDuration } from "../../common/duration.ts";
import { compileLogFilter } from "./filter.ts";

export interface LogQuery {
  executionId?: string | null;
  runId?: string | null;
  jobId?: string | null;
  /** A duration back from now, e.g. "5m"; exclusive with start. */
  since?: string | null;
  start?: Date | null;
  end?: Date | null;
  limit?: number | null;
  /** A substring, or /a regular expression/ (validated). */
  filter?: string | null;
  order?: "ASC" | "DESC" | null;
}

export const MAX_LOG_LIMIT = 10_000;
/** A regular expression filter runs in the server; it reads at most this many lines per request. */
const MAX_SCAN = 200_000;
const PAGE = 2_000;

/**
 * Log lines of an execution, a run (its executions merged) or a job (all its
 * executions merged), in a time window, each labelled with its node and
 * execution. Lines are ordered by (at, executionId, lineNo).
 */
export async function queryLogs(s: Services, q: LogQuery): Promise<LogLine[]> {
  const scopes = [q.executionId, q.runId, q.jobId].filter(Boolean).length;
  if (scopes !== 1) throw new DroverError("VALIDATION_FAILED", "give exactly one of executionId, runId and jobId", { field: "executionId" });
  if (q.since && q.start) throw new DroverError("VALIDATION_FAILED", "give since or start, not both", { field: "start" });
  const limit = q.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_LIMIT) {
    throw new DroverError("VALIDATION_FAILED", `limit must be 1-${MAX_LOG_LIMIT}`, { field: "limit" });
  }
  let start = q.start ?? null;
  if (q.since) {
    const d = tryParseDuration(q.since);
    if (!d.ok) throw new DroverError("VALIDATION_FAILED", `since: ${d.message}`, { field: "since" });
    start = new Date(s.clock.now().getTime() - d.ms);
  }
  if (start && q.end && q.end < start) throw new DroverError("VALIDATION_FAILED", "end is before start", { field: "end" });
  const filter = compileLogFilter(q.filter);
  const where: Prisma.LogLineWhereInput = {
    ...(q.executionId ? { executionId: q.executionId } : q.runId ? { runId: q.runId } : { jobId: q.jobId! }),
    ...(start || q.end ? { at: { ...(start ? { gte: start } : {}), ...(q.end ? { lte: q.end } : {}) } } : {}),
    ...(filter && "contains" in filter ? { text: { contains: filter.contains } } : {}),
  };
  const dir = q.order === "DESC" ? "desc" : "asc";
  const orderBy = [{ at: dir }, { executionId: dir }, { lineNo: dir }] as const;
  if (!filter || "contains" in filter) {
    return s.db.prisma.logLine.findMany({ where, orderBy: [...orderBy], take: limit });
  }
  // A regular expression: scan pages in order until enough lines matched.
  const out: LogLine[] = [];
  for (let skip = 0; skip < MAX_SCAN && out.length < limit; skip += PAGE) {
    const page = await s.db.prisma.logLine.findMany({ where, orderBy: [...orderBy], skip, take: PAGE });
    for (const l of page) if (filter(l.text) && out.length < limit) out.push(l);
    if (page.length < PAGE) break;
  }
  return out;
}
