import type { Job, Prisma, Rollout } from "../db/client.ts";
import type { Services } from "../services.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { isLongRunning, type JobSpec } from "../spec/types.ts";
import { startRollout } from "./start.ts";

/**
 * Writes version N+1 with the spec of `targetVersion` (sourceVersion names
 * it) and starts a rollback rollout, which skips canary and health gating.
 * A rollback never rolls back automatically, so rollbacks cannot loop.
 */
export async function rollBackTo(
  tx: Prisma.TransactionClient,
  s: Services,
  job: Job,
  targetVersion: number,
): Promise<{ job: Job; rollout: Rollout | null }> {
  const target = await tx.jobVersion.findUnique({ where: { jobId_version: { jobId: job.id, version: targetVersion } } });
  if (!target) throw new DroverError("NOT_FOUND", `job ${job.namespace}/${job.name} has no version ${targetVersion}`, { field: "toVersion" });
  const now = s.clock.now();
  const rolled = await tx.job.update({
    where: { id: job.id },
    data: { spec: target.spec as Prisma.InputJsonValue, version: job.version + 1, revision: job.revision + 1, updatedAt: now },
  });
  await tx.jobVersion.create({
    data: { id: newId("version", now), jobId: job.id, version: rolled.version, spec: target.spec as Prisma.InputJsonValue, sourceVersion: target.version, createdAt: now },
  });
  const spec = target.spec as unknown as JobSpec;
  // Run-to-completion jobs have no deployment: their next runs use the new version.
  if (!isLongRunning(spec.type)) return { job: rolled, rollout: null };
  return startRollout(tx, s, rolled, spec, "rollback", job.version);
}

/** The version to return to when none is named: the newest one whose rollout completed, other than the current. */
export async function lastStableVersion(tx: Prisma.TransactionClient, job: Job): Promise<number | null> {
  const r = await tx.rollout.findFirst({
    where: { jobId: job.id, state: "SUCCEEDED", toVersion: { not: job.version } },
    orderBy: { startedAt: "desc" },
    select: { toVersion: true },
  });
  return r?.toVersion ?? null;
}
