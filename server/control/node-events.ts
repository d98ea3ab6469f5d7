import type { Prisma } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Services } from "../services.ts";
import { newId } from "../ids.ts";
import { bulkInsert } from "../db/bulk-insert.ts";

/**
 * A node joined, left, came back, was drained or relabelled: every job that
 * places by selector must look again (a service gains an execution on a new
 * matching node; a batch queued for capacity may start). The write that
 * changed the node records one NodeChange row in its own transaction, so a
 * registration costs the same with ten jobs or a hundred thousand.
 */
export async function recordNodeChange(tx: Prisma.TransactionClient, clock: Clock, nodeId: string, reason: string): Promise<void> {
  const now = clock.now();
  await tx.nodeChange.create({ data: { id: newId("nodeChange", now), nodeId, reason, createdAt: now } });
}

/** Jobs whose evaluations one expansion writes per statement. */
const JOBS_PER_BATCH = 1000;
const EVALUATION_COLUMNS = ["id", "jobId", "namespace", "triggeredBy", "priority", "jobVersion", "status", "statusMessage", "createdAt", "updatedAt"] as const;

/**
 * Turns pending node changes into one evaluation per job that is running or
 * waiting (stopped and deleted jobs are left alone), in batches, skipping jobs
 * that already have one pending: however many nodes changed since the last
 * pass, each job is looked at once. Runs under a lease; a crash in the middle
 * leaves the changes pending and the next pass does it again, which only
 * repeats evaluations the scheduler coalesces anyway. Returns how many
 * evaluations it wrote.
 */
export async function expandNodeChanges(s: Services): Promise<number> {
  const prisma = s.db.prisma;
  const pending = await prisma.nodeChange.findMany({ orderBy: { createdAt: "asc" }, take: 10_000, select: { id: true } });
  if (pending.length === 0) return 0;
  let written = 0;
  let after: string | null = null;
  for (;;) {
    const jobs: { id: string; namespace: string; priority: number; version: number }[] = await prisma.job.findMany({
      where: {
        state: { notIn: ["STOPPED", "DELETED"] },
        deleteRequestedAt: null,
        evaluations: { none: { status: "PENDING", waitUntil: null } },
        ...(after ? { id: { gt: after } } : {}),
      },
      select: { id: true, namespace: true, priority: true, version: true },
      orderBy: { id: "asc" },
      take: JOBS_PER_BATCH,
    });
    if (jobs.length === 0) break;
    const now = s.clock.now();
    await prisma.$transaction((tx) =>
      bulkInsert(
        tx,
        s.db.provider,
        "Evaluation",
        EVALUATION_COLUMNS,
        jobs.map((j) => [newId("evaluation", now), j.id, j.namespace, "node-update", j.priority, j.version, "PENDING", "", now, now]),
      ),
    );
    written += jobs.length;
    after = jobs[jobs.length - 1].id;
    if (jobs.length < JOBS_PER_BATCH) break;
  }
  await prisma.nodeChange.deleteMany({ where: { id: { in: pending.map((p) => p.id) } } });
  return written;
}
