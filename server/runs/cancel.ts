import type { Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { appendEvents } from "../events/log.ts";
import type { NewEvent } from "../events/types.ts";
import { ACTIVE_COMPUTE_STATES, isActiveRun } from "../../common/states.ts";


/**
 * Cancels a run that has not finished: its live executions are told to stop
 * (the agent sends SIGTERM, then SIGKILL after the grace period) and the run is
 * CANCELLED at once. Cancelling a finished run is INVALID_STATE.
 */
export async function cancelRun(s: Services, runId: string, reason?: string | null): Promise<{ run: Run; seq: number }> {
  const now = s.clock.now();
  const message = reason?.trim() || "cancelled by request";
  const result = await s.db.prisma.$transaction(async (tx) => {
    const run = await tx.run.findUnique({ where: { id: runId } });
    if (!run) throw new DroverError("NOT_FOUND", `run ${runId} not found`, { field: "id" });
    if (!isActiveRun(run.state)) {
      throw new DroverError("INVALID_STATE", `run ${runId} already finished (${run.state}); only PENDING, QUEUED and RUNNING runs can be cancelled`, {
        field: "id",
        details: { state: run.state },
      });
    }
    const events: NewEvent[] = [];
    const live = await tx.execution.findMany({
      where: { runId, desiredState: { not: "STOPPED" }, computeState: { in: [...ACTIVE_COMPUTE_STATES] } },
    });
    for (const ex of live) {
      const after = await tx.execution.update({
        where: { id: ex.id },
        data: { desiredState: "STOPPED", desiredMessage: message, revision: ex.revision + 1, updatedAt: now },
      });
      events.push({ type: "EXECUTION_DESIRED_CHANGED", namespace: ex.namespace, jobId: ex.jobId, executionId: ex.id, runId, nodeId: ex.nodeId, snapshot: after });
    }
    const updated = await tx.run.update({
      where: { id: runId },
      data: { state: "CANCELLED", message, finishedAt: now, updatedAt: now },
    });
    events.push({ type: "RUN_STATE_CHANGED", namespace: run.namespace, jobId: run.jobId, runId, snapshot: updated });
    const seqs = await appendEvents(tx, s, events);
    return { run: updated, seq: seqs[seqs.length - 1] };
  });
  s.bus.publish(result.seq);
  return result;
}
