import type { Job, Prisma } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";
import { toJson } from "../events/log.ts";
import { canonicalJson, rollbackSpec } from "../spec/diff.ts";
import type { JobSpec } from "../spec/types.ts";

export type RollbackVersion = { job: Job; spec: JobSpec } | { job: null; reason: string };

/**
 * Writes version N+1 that runs what `targetVersion` ran (sourceVersion names
 * it), keeping the current spec's other fields, so metadata edited since
 * stays. Nothing changes what runs here: the scheduler sees the new version
 * and starts a ROLLBACK rollout, which skips canary and health gating. Returns
 * no job when the result would equal the current spec (nothing to undo).
 */
export async function writeRollbackVersion(
  tx: Prisma.TransactionClient,
  clock: Clock,
  job: Job,
  targetVersion: number,
): Promise<RollbackVersion> {
  const target = await tx.jobVersion.findUnique({ where: { jobId_version: { jobId: job.id, version: targetVersion } } });
  if (!target) throw new DroverError("NOT_FOUND", `job ${job.namespace}/${job.name} has no version ${targetVersion}`, { field: "toVersion" });
  const current = job.spec as unknown as JobSpec;
  const spec = rollbackSpec(target.spec as unknown as JobSpec, current);
  if (canonicalJson(spec) === canonicalJson(current)) {
    return { job: null, reason: `v${targetVersion} runs exactly what v${job.version} runs; there is nothing to roll back` };
  }
  const now = clock.now();
  const stored = toJson(JSON.parse(canonicalJson(spec)));
  const { count } = await tx.job.updateMany({
    where: { id: job.id, revision: job.revision },
    data: { spec: stored, version: job.version + 1, revision: job.revision + 1, restartRequestedAt: null, updatedAt: now },
  });
  if (count === 0) throw new DroverError("CONFLICT", `job ${job.namespace}/${job.name} changed while rolling back; retry`, { field: "jobId" });
  await tx.jobVersion.create({
    data: { id: newId("version", now), jobId: job.id, version: job.version + 1, spec: stored, sourceVersion: target.version, createdAt: now },
  });
  return { job: await tx.job.findUniqueOrThrow({ where: { id: job.id } }), spec };
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
