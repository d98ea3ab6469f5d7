import type { Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { writeWithEvents } from "../events/write.ts";
import { isActiveRun } from "../../common/states.ts";
import { createEvaluation } from "../jobs/evaluation.ts";

/**
 * Cancels a run that has not finished: the run is CANCELLED at once, and the
 * scheduler, woken by the evaluation written with it, makes its live
 * executions' desired state STOPPED (the agent sends SIGTERM, then SIGKILL
 * after the grace period). Cancelling a finished run is INVALID_STATE.
 */
export async function cancelRun(s: Services, runId: string, reason?: string | null): Promise<{ run: Run; seq: number }> {
  const now = s.clock.now();
  const message = reason?.trim() || "cancelled by request";
  const { result, seq } = await writeWithEvents(s, async (tx, events) => {
    const run = await tx.run.findUnique({ where: { id: runId }, include: { job: true } });
    if (!run) throw new DroverError("NOT_FOUND", `run ${runId} not found`, { field: "id" });
    if (!isActiveRun(run.state)) {
      throw new DroverError("INVALID_STATE", `run ${runId} already finished (${run.state}); only PENDING, QUEUED and RUNNING runs can be cancelled`, {
        field: "id",
        details: { state: run.state },
      });
    }
    const { job, ...plain } = run;
    const updated = await tx.run.update({
      where: { id: plain.id },
      data: { state: "CANCELLED", message, error: message, finishedAt: now, updatedAt: now },
    });
    await createEvaluation(tx, s.clock, job, "run-cancel", runId);
    events.emit({ type: "RUN_STATE_CHANGED", namespace: run.namespace, jobId: run.jobId, runId, snapshot: updated });
    return updated;
  });
  s.log.info({ runId, jobId: result.jobId, reason: message }, "run cancelled");
  return { run: result, seq: seq! };
}
