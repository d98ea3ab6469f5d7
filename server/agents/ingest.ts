import type { Services } from "../services.ts";
import type { StoredLogLine } from "../db/ingest-writer.ts";
import { storableLogText } from "../../common/log-text.ts";
import { validationError } from "../errors.ts";
import { logLineProblems, sampleProblems } from "./report-checks.ts";

export interface LogLineInput {
  executionId: string;
  lineNo: number;
  stream: string;
  at: Date;
  text: string;
}

export interface MetricSampleInput {
  executionId: string;
  sampleNo: number;
  at: Date;
  cpuCores: number;
  memoryBytes: number;
}

/**
 * Stores log lines through the ingest writer (multi-row INSERTs straight
 * through the driver). `ON CONFLICT DO NOTHING` on (executionId, lineNo)
 * makes a resent batch idempotent on both databases. Lines of executions not
 * on `nodeId` are dropped. Returns the lines accepted, per execution in
 * lineNo order, as stored; local followers get them the same way.
 */
export async function ingestLogLines(
  s: Services,
  nodeId: string,
  lines: LogLineInput[],
  /** Names line i's field as the client sent it (lines come as objects or as a batch's parallel lists). */
  fieldOf: (i: number, name: string) => string = (i, name) => `lines.${i}.${name}`,
): Promise<Map<string, StoredLogLine[]>> {
  const problems = logLineProblems(lines, s.clock.now(), fieldOf);
  if (problems.length) throw validationError(problems);
  // Again here, whatever the agent did: one NUL must not fail the insert of the whole batch.
  const clean = lines.map((l) => {
    const text = storableLogText(l.text);
    return text === l.text ? l : { ...l, text };
  });
  const { accepted, owners } = await ingest(s, nodeId, "LogLine", clean, ["lineNo", "stream", "at", "text"], (l) => [l.lineNo, l.stream, l.at, l.text]);
  const byExecution = new Map<string, StoredLogLine[]>();
  for (const l of accepted) {
    const o = owners.get(l.executionId)!;
    let list = byExecution.get(l.executionId);
    if (!list) byExecution.set(l.executionId, (list = []));
    list.push({ executionId: l.executionId, lineNo: l.lineNo, jobId: o.jobId, runId: o.runId, nodeId, stream: l.stream, at: l.at, text: l.text });
  }
  for (const list of byExecution.values()) {
    if (!isSortedByLineNo(list)) list.sort((a, b) => a.lineNo - b.lineNo);
  }
  s.logFeed.notify(byExecution);
  return byExecution;
}

function isSortedByLineNo(lines: StoredLogLine[]): boolean {
  for (let i = 1; i < lines.length; i++) if (lines[i].lineNo < lines[i - 1].lineNo) return false;
  return true;
}

export async function ingestMetricSamples(s: Services, nodeId: string, samples: MetricSampleInput[]): Promise<number> {
  const problems = sampleProblems(samples, s.clock.now());
  if (problems.length) throw validationError(problems);
  const { accepted } = await ingest(s, nodeId, "MetricSample", samples, ["sampleNo", "at", "cpuCores", "memoryBytes"], (m) => [
    m.sampleNo,
    m.at,
    m.cpuCores,
    m.memoryBytes,
  ]);
  return accepted.length;
}

/**
 * Keeps the items of executions placed on `nodeId` (an agent reports only for
 * its own work), stamps each with its job and run, and inserts them, ignoring
 * rows already stored. Returns the items accepted and their executions' owners.
 */
async function ingest<T extends { executionId: string }>(
  s: Services,
  nodeId: string,
  table: "LogLine" | "MetricSample",
  items: T[],
  cols: string[],
  values: (item: T) => unknown[],
): Promise<{ accepted: T[]; owners: Awaited<ReturnType<typeof ownedExecutions>> }> {
  const owners = await ownedExecutions(s, nodeId, items.map((i) => i.executionId));
  const accepted = items.filter((i) => owners.has(i.executionId));
  if (accepted.length === 0) return { accepted, owners };
  const rows = accepted.map((i) => {
    const o = owners.get(i.executionId)!;
    return [i.executionId, o.jobId, o.runId, nodeId, ...values(i)];
  });
  await s.ingest.insertIgnoring(table, ["executionId", "jobId", "runId", "nodeId", ...cols], rows);
  return { accepted, owners };
}

async function ownedExecutions(s: Services, nodeId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await s.db.prisma.execution.findMany({
    where: { id: { in: unique }, nodeId },
    select: { id: true, jobId: true, runId: true },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

