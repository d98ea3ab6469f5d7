import type { Services } from "../services.ts";
import { appendEvents } from "../events/log.ts";
import type { NewEvent } from "../events/types.ts";
import { ACTIVE_COMPUTE_STATES } from "../../common/states.ts";
import { createEvaluation } from "../jobs/evaluation.ts";
import { evaluateJobsForNodeChange } from "./node-events.ts";

/**
 * Marks nodes whose heartbeats stopped DOWN after `ttlMs`, and their active
 * executions LOST (desired STOPPED), then asks the scheduler to replace them
 * where the job type says so. Runs under a lease, so one replica does it.
 */
export async function livenessTick(s: Services, ttlMs: number): Promise<boolean> {
  const now = s.clock.now();
  const cutoff = new Date(now.getTime() - ttlMs);
  const stale = await s.db.prisma.node.findMany({
    where: { state: { not: "DOWN" }, OR: [{ lastHeartbeatAt: null }, { lastHeartbeatAt: { lt: cutoff } }] },
  });
  for (const node of stale) {
    const seq = await s.db.prisma.$transaction(async (tx) => {
      const { count } = await tx.node.updateMany({
        where: { id: node.id, revision: node.revision },
        data: { state: "DOWN", revision: node.revision + 1, updatedAt: now },
      });
      if (count === 0) return null; // it heartbeated meanwhile
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
      const [first] = await appendEvents(tx, s, events);
      return first + events.length - 1;
    });
    if (seq !== null) {
      s.log.warn({ nodeId: node.id }, "node is DOWN: heartbeats stopped");
      s.bus.publish(seq);
    }
  }
  return false;
}

export { evaluateJobsForNodeChange };
