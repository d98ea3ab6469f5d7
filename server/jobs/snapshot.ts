import type { Job } from "../db/client.ts";

/**
 * The job as an event snapshot: the row after the change. Replaying an event
 * returns this, not today's row; `reviveJob` turns it back into a row shape the
 * GraphQL Job type resolves.
 */
export function jobSnapshot(job: Job): Record<string, unknown> {
  return { ...job };
}

const DATE_FIELDS = ["createdAt", "updatedAt", "nextFireAt"] as const;

export function reviveJob(snapshot: unknown): Job {
  const s = { ...(snapshot as Record<string, unknown>) };
  for (const f of DATE_FIELDS) if (typeof s[f] === "string") s[f] = new Date(s[f] as string);
  return s as unknown as Job;
}
