import type { Evaluation, PrismaClient } from "../db/client.ts";

/**
 * Claims up to `limit` evaluations for `holder`: pending ones that are due, and running ones
 * whose claim expired (their replica died), highest job priority first, then
 * oldest. Each claim is a guarded update, so two replicas never both win one;
 * that works the same on SQLite and PostgreSQL.
 */
export async function claimEvaluations(
  prisma: PrismaClient,
  holder: string,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<Evaluation[]> {
  const candidates = await prisma.evaluation.findMany({
    where: {
      OR: [
        { status: "PENDING", OR: [{ waitUntil: null }, { waitUntil: { lte: now } }] },
        { status: "RUNNING", claimedUntil: { lt: now } },
      ],
    },
    orderBy: [{ priority: "desc" }, { createdAt: "asc" }],
    take: limit,
  });
  const claimed: Evaluation[] = [];
  const until = new Date(now.getTime() + leaseMs);
  for (const c of candidates) {
    const { count } = await prisma.evaluation.updateMany({
      where: { id: c.id, status: c.status, claimedUntil: c.claimedUntil },
      data: { status: "RUNNING", claimedBy: holder, claimedUntil: until, updatedAt: now },
    });
    if (count === 1) claimed.push({ ...c, status: "RUNNING", claimedBy: holder, claimedUntil: until });
  }
  return claimed;
}

/** Singleton loops (liveness, cron) run on one replica at a time, under a lease row. */
export async function acquireLease(
  prisma: PrismaClient,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await prisma.lease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  try {
    await prisma.lease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch {
    return false; // another replica holds it
  }
}
