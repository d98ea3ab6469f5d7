import { hostname } from "node:os";
import type { Services } from "../services.ts";
import { Loop } from "./loop.ts";
import { schedulerTick } from "./scheduler.ts";
import { livenessTick } from "./liveness.ts";
import { acquireLease } from "./claim.ts";
import { retentionTick } from "./retention.ts";
import { anyCronDue, cronTick } from "../cron/dispatch.ts";
import { expandNodeChanges } from "./node-events.ts";
import { foldListCounts, listCountRows, shouldFold } from "../db/list-counts.ts";

/**
 * The control loops of one server process. They keep no state of their own:
 * evaluations are claimed with expiring claims and singleton work runs under a
 * lease row, so replicas share the work and a dead replica only delays it.
 */
export class ControlPlane {
  private readonly holder = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly loops: Loop[];
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly s: Services) {
    const { config, log } = s;
    // Agents get one TTL from this server's start to reach it before any node is judged.
    const judgeFrom = new Date(s.clock.now().getTime() + config.heartbeatTtlMs);
    const scheduler = new Loop("scheduler", () => schedulerTick(s, this.holder), 1000, log);
    const liveness = new Loop(
      "liveness",
      async () => {
        const leaseMs = Math.max(5000, config.heartbeatTtlMs * 2);
        if (!(await acquireLease(s.db.prisma, "liveness", this.holder, s.clock.now(), leaseMs))) return false;
        return livenessTick(s, config.heartbeatTtlMs, judgeFrom);
      },
      Math.max(100, Math.floor(config.heartbeatTtlMs / 4)),
      log,
    );
    const retention = new Loop(
      "retention",
      async () => {
        if (!(await acquireLease(s.db.prisma, "retention", this.holder, s.clock.now(), 5 * 60_000))) return false;
        const removed = await retentionTick(s);
        if (removed.lines + removed.samples + removed.events + removed.evaluations > 0) log.info(removed, "retention removed old data");
        return false;
      },
      60_000,
      log,
    );
    // Cron fires are claimed row by row, so replicas could all tick; the lease keeps it to one for less contention.
    const cron = new Loop(
      "cron",
      async () => {
        // Nothing due (the usual answer): no lease to renew, no tick.
        if (!(await anyCronDue(s))) return false;
        if (!(await acquireLease(s.db.prisma, "cron", this.holder, s.clock.now(), 10_000))) return false;
        // Each fire logs itself where it is claimed; an idle tick says nothing.
        await cronTick(s);
        return false;
      },
      1000,
      log,
    );
    // Node changes become job evaluations in bulk, off the write path of the node itself.
    const nodeChanges = new Loop(
      "node-changes",
      async () => {
        if ((await s.db.reads.all(`SELECT 1 AS "pending" FROM "NodeChange" LIMIT 1`, [])).length === 0) return false;
        if (!(await acquireLease(s.db.prisma, "node-changes", this.holder, s.clock.now(), 30_000))) return false;
        if ((await expandNodeChanges(s)) > 0) scheduler.wake();
        return false;
      },
      500,
      log,
    );
    // The list totals' deltas are folded now and then (see shouldFold); each replica may fold, safely.
    let folded = { rows: -1, at: 0 };
    const listCounts = new Loop(
      "list-counts",
      async () => {
        const now = s.clock.now().getTime();
        if (!shouldFold(await listCountRows(s.db.reads), folded.rows, now - folded.at)) return false;
        folded = { rows: await foldListCounts(s.db), at: now };
        return false;
      },
      2000,
      log,
    );
    this.loops = [scheduler, liveness, retention, cron, nodeChanges, listCounts];
    // Any commit may have queued an evaluation: look at once rather than at the next interval.
    this.unsubscribe = s.bus.onWake(() => {
      nodeChanges.wake();
      scheduler.wake();
    });
  }

  start(): void {
    for (const l of this.loops) l.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all(this.loops.map((l) => l.stop()));
  }
}
