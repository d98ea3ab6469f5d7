import type { Database, Evaluation, PrismaClient } from "../db/client.ts";

/**
 * Claims up to `limit` evaluations for `holder`: pending ones that are due, and running ones
 * whose claim expired (their replica died), highest job priority first, then
 * oldest. Each claim is a guarded update, so two replicas never both win one;
 * that works the same on SQLite and PostgreSQL.
 */
export async function claimEvaluations(db: Database, holder: string, now: Date, leaseMs: number, limit: number): Promise<Evaluation[]> {
  // Read through the driver: every replica asks this every second, and an idle
  // server's answer is nothing. With this and the other idle polls (cron, node
  // changes) through the Prisma client, an idle server used about 9 % of a
  // core on this project's 2-core machine; through the driver, 6-7 %.
  const candidates = await db.reads.rows<Evaluation>(
    "Evaluation",
    `SELECT * FROM "Evaluation"
     WHERE ("status" = 'PENDING' AND ("waitUntil" IS NULL OR "waitUntil" <= ?)) OR ("status" = 'RUNNING' AND "claimedUntil" < ?)
     ORDER BY "priority" DESC, "createdAt" ASC LIMIT ?`,
    [now, now, limit],
  );
  const prisma = db.prisma;
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
