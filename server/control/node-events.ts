import type { Prisma } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { createEvaluation } from "../jobs/evaluation.ts";

/**
 * A node joined, left, came back, was drained or relabelled: every job that
 * places by selector must look again (a service gains an execution on a new
 * matching node; a batch queued for capacity may start). Stopped and deleted
 * jobs are left alone.
 */
export async function evaluateJobsForNodeChange(tx: Prisma.TransactionClient, clock: Clock): Promise<number> {
  const jobs = await tx.job.findMany({
    where: { state: { notIn: ["STOPPED", "DELETED"] } },
    select: { id: true, namespace: true, priority: true, version: true },
  });
  for (const job of jobs) await createEvaluation(tx, clock, job, "node-update");
  return jobs.length;
}
