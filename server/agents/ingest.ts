import type { Services } from "../services.ts";

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
 * on `nodeId` are dropped. Returns the lines stored, per execution.
 */
export async function ingestLogLines(s: Services, nodeId: string, lines: LogLineInput[]): Promise<Map<string, LogLineInput[]>> {
  const accepted = await ingest(s, nodeId, "LogLine", lines, ["lineNo", "stream", "at", "text"], (l) => [l.lineNo, l.stream, l.at, l.text]);
  const byExecution = new Map<string, LogLineInput[]>();
  for (const l of accepted) {
    const list = byExecution.get(l.executionId) ?? [];
    list.push(l);
    byExecution.set(l.executionId, list);
  }
  s.logFeed.notify(byExecution.keys());
  return byExecution;
}

export async function ingestMetricSamples(s: Services, nodeId: string, samples: MetricSampleInput[]): Promise<number> {
  const accepted = await ingest(s, nodeId, "MetricSample", samples, ["sampleNo", "at", "cpuCores", "memoryBytes"], (m) => [
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
 * rows already stored. Returns the items accepted.
 */
async function ingest<T extends { executionId: string }>(
  s: Services,
  nodeId: string,
  table: "LogLine" | "MetricSample",
  items: T[],
  cols: string[],
  values: (item: T) => unknown[],
): Promise<T[]> {
  const owners = await ownedExecutions(s, nodeId, items.map((i) => i.executionId));
  const accepted = items.filter((i) => owners.has(i.executionId));
  if (accepted.length === 0) return [];
  const rows = accepted.map((i) => {
    const o = owners.get(i.executionId)!;
    return [i.executionId, o.jobId, o.runId, nodeId, ...values(i)];
  });
  await s.ingest.insertIgnoring(table, ["executionId", "jobId", "runId", "nodeId", ...cols], rows);
  return accepted;
}

async function ownedExecutions(s: Services, nodeId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await s.db.prisma.execution.findMany({
    where: { id: { in: unique }, nodeId },
    select: { id: true, jobId: true, runId: true },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

