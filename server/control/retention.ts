import type { Services } from "../services.ts";
import { pruneEvents } from "../events/log.ts";

/**
 * Enforces retention: log lines and metric samples older than the log
 * retention, lines beyond the per-execution cap (the oldest go first), events
 * older than the event retention, and finished evaluations after a day. Runs
 * under a lease on one replica.
 */
/** How long finished evaluations stay visible in `evaluations` for debugging placement. */
const EVALUATION_RETENTION_MS = 24 * 3_600_000;

export async function retentionTick(
  s: Services,
): Promise<{ lines: number; samples: number; events: number; evaluations: number }> {
  const { config, db, clock } = s;
  const now = clock.now().getTime();
  const cutoff = new Date(now - config.logRetentionMs);
  const aged = await db.prisma.logLine.deleteMany({ where: { at: { lt: cutoff } } });
  const samples = await db.prisma.metricSample.deleteMany({ where: { at: { lt: cutoff } } });
  let capped = 0;
  const over = await db.prisma.logLine.groupBy({
    by: ["executionId"],
    _count: { _all: true },
    _max: { lineNo: true },
    having: { executionId: { _count: { gt: config.logMaxLinesPerExecution } } },
  });
  for (const o of over) {
    // lineNo rises by one per line, so the newest `cap` lines are those above max - cap.
    const keepFrom = (o._max.lineNo ?? 0) - config.logMaxLinesPerExecution;
    const r = await db.prisma.logLine.deleteMany({ where: { executionId: o.executionId, lineNo: { lte: keepFrom } } });
    capped += r.count;
  }
  const events = await pruneEvents(db.prisma, new Date(now - config.eventRetentionMs));
  // Finished evaluations are history: every report and node change writes one.
  const evaluations = await db.prisma.evaluation.deleteMany({
    where: { status: { in: ["COMPLETE", "CANCELLED", "FAILED"] }, updatedAt: { lt: new Date(now - EVALUATION_RETENTION_MS) } },
  });
  return { lines: aged.count + capped, samples: samples.count, events, evaluations: evaluations.count };
}
