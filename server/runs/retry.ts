import type { Run } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { isFinishedRun } from "../../common/states.ts";
import { writeWithEvents } from "../events/write.ts";
import { isBroadcast, type JobSpec } from "../spec/types.ts";
import { createEvaluation } from "../jobs/evaluation.ts";


/**
 * A new run of a finished run's job version. For a broadcast it covers only
 * the nodes that did not succeed, unless `all`. The old run gets a `retried`
 * timeline event naming the new one, and both are linked.
 */
export async function retryRun(s: Services, runId: string, all = false): Promise<{ run: Run; seq: number }> {
  const now = s.clock.now();
  const { result: run, seq } = await writeWithEvents(s, async (tx, events) => {
    const old = await tx.run.findUnique({ where: { id: runId } });
    if (!old) throw new DroverError("NOT_FOUND", `run ${runId} not found`, { field: "id" });
    if (!isFinishedRun(old.state)) {
      throw new DroverError("INVALID_STATE", `run ${runId} is ${old.state}; only a finished run can be retried`, { field: "id" });
    }
    if (old.retriedByRunId) {
      throw new DroverError("CONFLICT", `run ${runId} was already retried by ${old.retriedByRunId}`, { field: "id", details: { retriedByRunId: old.retriedByRunId } });
    }
    const job = await tx.job.findUniqueOrThrow({ where: { id: old.jobId } });
    let nodeIds: string[] | null = null;
    if (isBroadcast((old.operation as unknown as JobSpec).type) && !all) {
      const execs = await tx.execution.findMany({ where: { runId }, orderBy: { id: "asc" } });
      const latest = new Map<string, string>();
      for (const e of execs) latest.set(e.nodeId, e.computeState);
      nodeIds = [...latest].filter(([, state]) => state !== "COMPLETE").map(([nodeId]) => nodeId);
      if (nodeIds.length === 0) {
        throw new DroverError("INVALID_STATE", `every node of run ${runId} succeeded; pass all: true to run it again everywhere`, { field: "all" });
      }
    }
    const run = await tx.run.create({
      data: {
        id: newId("run", now),
        jobId: old.jobId,
        namespace: old.namespace,
        jobVersion: old.jobVersion,
        state: "PENDING",
        trigger: "RETRY",
        operation: old.operation ?? {},
        // A retry runs with the values the failed run was given.
        meta: old.meta ?? undefined,
        payload: old.payload,
        message: `retry of ${old.id}`,
        retryOfRunId: old.id,
        nodeIds: nodeIds ?? undefined,
        createdAt: now,
        updatedAt: now,
      },
    });
    const updatedOld = await tx.run.update({ where: { id: old.id }, data: { retriedByRunId: run.id, updatedAt: now } });
    await tx.runTimelineEvent.create({
      data: { id: newId("timeline", now), runId: old.id, event: "retried", message: `retried by ${run.id}`, at: now },
    });
    await createEvaluation(tx, s.clock, job, "run-trigger", run.id);
    events.emit(
      { type: "RUN_STATE_CHANGED", namespace: old.namespace, jobId: old.jobId, runId: old.id, snapshot: updatedOld },
      { type: "RUN_CREATED", namespace: run.namespace, jobId: run.jobId, runId: run.id, snapshot: run },
    );
    return run;
  });
  s.log.info({ runId, retryRunId: run.id, jobId: run.jobId }, "run retried");
  return { run, seq: seq! };
}
