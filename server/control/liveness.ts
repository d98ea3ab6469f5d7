import type { Services } from "../services.ts";
import { writeWithEvents } from "../events/write.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import { queueEvaluations } from "./queue-evaluations.ts";

/**
 * Marks nodes whose heartbeats stopped DOWN after `ttlMs` and wakes every job
 * with an execution there: the scheduler marks those executions LOST and
 * replaces them where the job type says so (see decide). Runs under a lease,
 * so one replica does it.
 *
 * A server judges no node before one TTL has passed since it started
 * (`judgeFrom`): heartbeats sent while no server ran were never received, so
 * after a downtime every node would look dead at once, and a rollout in
 * progress would fail on executions that are running fine.
 */
export async function livenessTick(s: Services, ttlMs: number, judgeFrom: Date = new Date(0)): Promise<boolean> {
  const now = s.clock.now();
  if (now < judgeFrom) return false;
  const cutoff = new Date(now.getTime() - ttlMs);
  const stale = await s.db.prisma.node.findMany({
    where: { state: { not: "DOWN" }, OR: [{ lastHeartbeatAt: null }, { lastHeartbeatAt: { lt: cutoff } }] },
  });
  for (const node of stale) {
    const { result: down } = await writeWithEvents(s, async (tx, sink) => {
      const { count } = await tx.node.updateMany({
        where: { id: node.id, revision: node.revision },
        data: { state: "DOWN", revision: node.revision + 1, updatedAt: now },
      });
      if (count === 0) return false; // it heartbeated meanwhile
      const after = await tx.node.findUniqueOrThrow({ where: { id: node.id } });
      sink.emit({ type: "NODE_STATE_CHANGED", nodeId: node.id, snapshot: after });
      // Its executions are the scheduler's to mark LOST and replace: wake every job with one there.
      // One evaluation per job with work there, none for the others, and none where one is already pending.
      const affected = await tx.execution.findMany({
        where: { nodeId: node.id, computeState: { in: [...ACTIVE_COMPUTE_STATES] } },
        distinct: ["jobId"],
        select: { jobId: true },
      });
      await queueEvaluations(s, tx, affected.map((a) => a.jobId), "node-update");
      return true;
    });
    if (down) s.log.warn({ nodeId: node.id, hostname: node.hostname, lastHeartbeatAt: node.lastHeartbeatAt }, "node is DOWN: heartbeats stopped; its executions are LOST");
  }
  return false;
}

