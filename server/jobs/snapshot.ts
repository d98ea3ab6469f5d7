import type { Job } from "../db/client.ts";
import { reviveSnapshot } from "../events/revive.ts";

/**
 * The job as an event snapshot: the row after the change. Replaying an event
 * returns this, not today's row.
 */
export function jobSnapshot(job: Job): Record<string, unknown> {
  return { ...job };
}

export function reviveJob(snapshot: unknown): Job {
  return reviveSnapshot<Job>(snapshot, ["createdAt", "updatedAt", "nextFireAt", "scheduleSuspendedAt"]);
}
