import type { Services } from "../services.ts";
import { writeWithEvents } from "../events/write.ts";
import type { NewEvent } from "../events/types.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import { createEvaluation } from "../jobs/evaluation.ts";

/**
 * Marks nodes whose heartbeats stopped DOWN after `ttlMs`, and their active
 * executions LOST (desired STOPPED), then asks the scheduler to replace them
 * where the job type says so. Runs under a lease, so one replica does it.
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
      const events: NewEvent[] = [{ type: "NODE_STATE_CHANGED", nodeId: node.id, snapshot: after }];
      const lost = await tx.execution.findMany({
        where: { nodeId: node.id, computeState: { in: [...ACTIVE_COMPUTE_STATES] } },
      });
      const message = `node ${node.id} stopped heartbeating (last ${node.lastHeartbeatAt?.toISOString() ?? "never"})`;
      const jobs = new Set<string>();
      for (const ex of lost) {
        const updated = await tx.execution.update({
          where: { id: ex.id },
          data: {
            computeState: "LOST",
            computeMessage: message,
            desiredState: "STOPPED",
            desiredMessage: "node down",
            finishedAt: now,
            revision: ex.revision + 1,
            updatedAt: now,
          },
        });
        jobs.add(ex.jobId);
        events.push({ type: "EXECUTION_STATE_CHANGED", namespace: ex.namespace, jobId: ex.jobId, executionId: ex.id, runId: ex.runId, nodeId: ex.nodeId, snapshot: updated });
      }
      for (const jobId of jobs) {
        const job = await tx.job.findUnique({ where: { id: jobId } });
        if (job) await createEvaluation(tx, s.clock, job, "node-update");
      }
      sink.emit(...events);
      return true;
    });
    if (down) s.log.warn({ nodeId: node.id, hostname: node.hostname, lastHeartbeatAt: node.lastHeartbeatAt }, "node is DOWN: heartbeats stopped; its executions are LOST");
  }
  return false;
}

