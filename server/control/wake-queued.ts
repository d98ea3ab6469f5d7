import type { Prisma } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { createEvaluation } from "../jobs/evaluation.ts";

/** How many waiting jobs one freed slot wakes: enough to fill a node, few enough to stay cheap. */
const WAKE_LIMIT = 32;

/**
 * Capacity was freed: queue an evaluation for each job with a QUEUED run
 * (highest priority first, then the longest waiting), unless one is already
 * pending for it. Without this a queued run waited for the next node event.
 */
export async function wakeQueuedRuns(tx: Prisma.TransactionClient, clock: Clock, exceptJobId: string): Promise<number> {
  const queued = await tx.run.findMany({
    where: { state: "QUEUED", jobId: { not: exceptJobId } },
    select: { jobId: true, createdAt: true, job: { select: { id: true, namespace: true, priority: true, version: true } } },
    orderBy: { createdAt: "asc" },
    take: WAKE_LIMIT * 4,
  });
  const jobs = new Map<string, (typeof queued)[number]["job"]>();
  for (const r of queued) if (!jobs.has(r.jobId)) jobs.set(r.jobId, r.job);
  const ordered = [...jobs.values()].sort((a, b) => b.priority - a.priority).slice(0, WAKE_LIMIT);
  if (ordered.length === 0) return 0;
  const pending = await tx.evaluation.findMany({
    where: { jobId: { in: ordered.map((j) => j.id) }, status: "PENDING", waitUntil: null },
    select: { jobId: true },
  });
  const already = new Set(pending.map((p) => p.jobId));
  let woken = 0;
  for (const job of ordered) {
    if (already.has(job.id)) continue;
    await createEvaluation(tx, clock, job, "capacity-freed");
    woken++;
  }
  return woken;
}
