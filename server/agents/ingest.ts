import type { Services } from "../services.ts";
import { bulkInsert } from "../db/bulk-insert.ts";

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
 * Stores log lines in multi-row INSERTs inside one transaction (see
 * bulkInsert). `ON CONFLICT DO NOTHING` on (executionId, lineNo)
 * makes a resent batch idempotent on both databases. Lines of executions not
 * on `nodeId` are dropped. Returns the lines stored, per execution.
 */
export async function ingestLogLines(s: Services, nodeId: string, lines: LogLineInput[]): Promise<Map<string, LogLineInput[]>> {
  const owners = await ownedExecutions(s, nodeId, lines.map((l) => l.executionId));
  const accepted = lines.filter((l) => owners.has(l.executionId));
  if (accepted.length === 0) return new Map();
  const cols = ["executionId", "lineNo", "jobId", "runId", "nodeId", "stream", "at", "text"];
  await insertIgnoring(
    s,
    "LogLine",
    cols,
    accepted.map((l) => {
      const o = owners.get(l.executionId)!;
      return [l.executionId, l.lineNo, o.jobId, o.runId, nodeId, l.stream, l.at, l.text];
    }),
  );
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
  const owners = await ownedExecutions(s, nodeId, samples.map((m) => m.executionId));
  const accepted = samples.filter((m) => owners.has(m.executionId));
  if (accepted.length === 0) return 0;
  const cols = ["executionId", "sampleNo", "jobId", "runId", "nodeId", "at", "cpuCores", "memoryBytes"];
  await insertIgnoring(
    s,
    "MetricSample",
    cols,
    accepted.map((m) => {
      const o = owners.get(m.executionId)!;
      return [m.executionId, m.sampleNo, o.jobId, o.runId, nodeId, m.at, m.cpuCores, m.memoryBytes];
    }),
  );
  return accepted.length;
}

async function ownedExecutions(s: Services, nodeId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await s.db.prisma.execution.findMany({
    where: { id: { in: unique }, nodeId },
    select: { id: true, jobId: true, runId: true },
  });
  return new Map(rows.map((r) => [r.id, r]));
}

async function insertIgnoring(s: Services, table: string, cols: string[], rows: unknown[][]) {
  await s.db.prisma.$transaction((tx) => bulkInsert(tx, s.db.provider, table, cols, rows, { ignoreConflicts: true }));
}
