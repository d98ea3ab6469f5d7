import type { Services } from "../services.ts";
import type { Prisma } from "../db/client.ts";
import type { EvaluationTrigger } from "../jobs/evaluation.ts";
import { newId } from "../ids.ts";
import { bulkInsert } from "../db/bulk-insert.ts";
import { chunks } from "../db/chunks.ts";

const EVALUATION_COLUMNS = ["id", "jobId", "namespace", "triggeredBy", "priority", "jobVersion", "status", "statusMessage", "createdAt", "updatedAt"] as const;

/**
 * Queues one evaluation for each of `jobIds` that has none pending (a pending
 * evaluation looks at the whole job, so a second one would only repeat it), in
 * bounded statements however many jobs there are. Jobs that are gone are
 * skipped. Returns how many evaluations it wrote.
 */
export async function queueEvaluations(
  s: Services,
  db: Prisma.TransactionClient,
  jobIds: Iterable<string>,
  trigger: EvaluationTrigger,
): Promise<number> {
  let written = 0;
  for (const ids of chunks([...new Set(jobIds)])) {
    const [jobs, pending] = await Promise.all([
      db.job.findMany({ where: { id: { in: ids } }, select: { id: true, namespace: true, priority: true, version: true } }),
      db.evaluation.findMany({ where: { jobId: { in: ids }, status: "PENDING", waitUntil: null }, select: { jobId: true }, distinct: ["jobId"] }),
    ]);
    const covered = new Set(pending.map((p) => p.jobId));
    const now = s.clock.now();
    const rows = jobs
      .filter((j) => !covered.has(j.id))
      .map((j) => [newId("evaluation", now), j.id, j.namespace, trigger, j.priority, j.version, "PENDING", "", now, now]);
    await bulkInsert(db, s.db.provider, "Evaluation", EVALUATION_COLUMNS, rows);
    written += rows.length;
  }
  return written;
}
