import type { Rollout } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { createEvaluation } from "../jobs/evaluation.ts";
import { getJob, type JobRef } from "../jobs/find.ts";
import { jobSnapshot } from "../jobs/snapshot.ts";
import { lastStableVersion, writeRollbackVersion } from "./rollback.ts";
import { writeWithEvents } from "../events/write.ts";

type Control = "promote" | "pause" | "resume";

/**
 * Operator controls of the job's current rollout. promote lets a paused
 * canary continue; pause holds a running rollout after its current wave;
 * resume lets a paused one continue. Anything else is INVALID_STATE.
 */
export async function controlRollout(s: Services, ref: JobRef, control: Control): Promise<Rollout> {
  const job = await getJob(s.db.prisma, ref);
  const now = s.clock.now();
  const { result } = await writeWithEvents(s, async (tx, events) => {
    const rollout = job.deploymentId ? await tx.rollout.findUnique({ where: { id: job.deploymentId } }) : null;
    if (!rollout || (rollout.state !== "RUNNING" && rollout.state !== "PAUSED")) {
      throw new DroverError("INVALID_STATE", `job ${job.namespace}/${job.name} has no rollout in progress`, { field: "jobId" });
    }
    const canary = rollout.strategy === "canary" && rollout.currentWave === 1;
    let data: { canaryPromoted?: boolean; state: Rollout["state"]; message: string };
    if (control === "promote") {
      if (!canary || rollout.canaryPromoted) throw new DroverError("INVALID_STATE", "only an unpromoted canary can be promoted", { field: "jobId" });
      data = { canaryPromoted: true, state: "RUNNING", message: "canary promoted" };
    } else if (control === "pause") {
      if (rollout.state === "PAUSED") throw new DroverError("INVALID_STATE", "the rollout is already paused", { field: "jobId" });
      data = { state: "PAUSED", message: `paused at wave ${rollout.currentWave} of ${rollout.totalWaves}` };
    } else {
      if (rollout.state !== "PAUSED") throw new DroverError("INVALID_STATE", "the rollout is not paused", { field: "jobId" });
      if (canary && !rollout.canaryPromoted) throw new DroverError("INVALID_STATE", "a paused canary continues with promote", { field: "jobId" });
      data = { state: "RUNNING", message: `resumed at wave ${rollout.currentWave} of ${rollout.totalWaves}` };
    }
    const updated = await tx.rollout.update({ where: { id: rollout.id }, data: { ...data, updatedAt: now } });
    const jobAfter = await tx.job.update({
      where: { id: job.id },
      data: { state: updated.state === "PAUSED" ? "ROLLOUT_PAUSED" : "DEPLOYING", stateMessage: updated.message, revision: job.revision + 1, updatedAt: now },
    });
    await createEvaluation(tx, s.clock, jobAfter, "rollout-step");
    events.emit(
      { type: "ROLLOUT_UPDATED", namespace: job.namespace, jobId: job.id, rolloutId: rollout.id, snapshot: updated },
      { type: "JOB_STATE_CHANGED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(jobAfter) },
    );
    return updated;
  });
  s.log.info({ job: `${job.namespace}/${job.name}`, jobId: job.id, rolloutId: result.id, control }, `rollout ${control === "pause" ? "paused" : control === "resume" ? "resumed" : "promoted"}`);
  return result;
}

/**
 * Rolls the job back to `toVersion`, or to the newest version whose rollout
 * completed: a new version runs what that one ran (later metadata edits
 * stay), and the scheduler rolls it out. A version that runs exactly what
 * runs now is refused: there is nothing to undo.
 */
export async function rollbackJob(s: Services, ref: JobRef, toVersion?: number | null) {
  const job = await getJob(s.db.prisma, ref);
  const { result } = await writeWithEvents(s, async (tx, events) => {
    const target = toVersion ?? (await lastStableVersion(tx, job));
    if (target == null) {
      throw new DroverError("INVALID_STATE", `job ${job.namespace}/${job.name} has no earlier version whose rollout completed; name one with toVersion`, { field: "toVersion" });
    }
    if (target === job.version) throw new DroverError("INVALID_STATE", `job ${job.namespace}/${job.name} is already at version ${target}`, { field: "toVersion" });
    if (target < 1 || target > job.version) throw new DroverError("VALIDATION_FAILED", `toVersion must be between 1 and ${job.version}`, { field: "toVersion" });
    const written = await writeRollbackVersion(tx, s.clock, job, target);
    if (!written.job) throw new DroverError("INVALID_STATE", `job ${job.namespace}/${job.name}: ${written.reason}`, { field: "toVersion", details: { reason: "NOTHING_TO_ROLL_BACK" } });
    await createEvaluation(tx, s.clock, written.job, "job-update");
    events.emit({ type: "JOB_UPDATED", namespace: job.namespace, jobId: job.id, snapshot: jobSnapshot(written.job) });
    return written.job;
  });
  s.log.info({ job: `${job.namespace}/${job.name}`, jobId: job.id, fromVersion: job.version, toVersion: result.version, sourceVersion: toVersion ?? null }, "rollback requested");
  return result;
}
