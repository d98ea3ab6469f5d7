import type { Job } from "../db/client.ts";
import type { Statement } from "../db/direct-sql.ts";
import { DroverError } from "../errors.ts";
import { newId } from "../ids.ts";

/**
 * The rows a job write stores, as plain statements for DirectSql. The job row
 * is built here in full (the caller knows every column), so nothing is read
 * back after it was written.
 */

const JOB_COLUMNS = [
  "id", "namespace", "name", "type", "priority", "spec", "version", "revision", "state", "stateMessage",
  "stateDetails", "deploymentId", "nextFireAt", "restartRequestedAt", "deleteRequestedAt", "createdAt", "updatedAt",
] as const satisfies readonly (keyof Job)[];

const INSERT_JOB = `INSERT INTO "Job" (${JOB_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${JOB_COLUMNS.map(() => "?").join(", ")})`;

/** Inserts `job`; `specText` is its spec as stored (canonical JSON). A taken name fails on the unique index. */
export function insertJob(job: Job, specText: string): Statement {
  return { sql: INSERT_JOB, params: JOB_COLUMNS.map((c) => (c === "spec" ? specText : job[c])) };
}

/** The columns a job write may change. */
export type JobChanges = Partial<Pick<Job, "type" | "priority" | "version" | "revision" | "state" | "stateMessage" | "stateDetails" | "nextFireAt" | "restartRequestedAt" | "updatedAt">>;

/**
 * Updates the job only at the revision it was read at: a concurrent writer
 * makes this match nothing, and the whole write fails as CONFLICT.
 */
export function updateJobAtRevision(existing: Pick<Job, "id" | "namespace" | "name" | "revision">, changes: JobChanges, specText: string | null): Statement {
  const cols = Object.keys(changes) as (keyof JobChanges)[];
  const sets = [...(specText !== null ? [`"spec" = ?`] : []), ...cols.map((c) => `"${c}" = ?`)];
  return {
    sql: `UPDATE "Job" SET ${sets.join(", ")} WHERE "id" = ? AND "revision" = ?`,
    params: [...(specText !== null ? [specText] : []), ...cols.map((c) => changes[c]), existing.id, existing.revision],
    check: ({ changes: n }) => {
      if (n === 0) {
        throw new DroverError("CONFLICT", `job ${existing.namespace}/${existing.name} changed while this write ran; retry`, { field: "name" });
      }
    },
  };
}

const INSERT_VERSION = `INSERT INTO "JobVersion" ("id", "jobId", "version", "spec", "createdAt") VALUES (?, ?, ?, ?, ?)`;

export function insertJobVersion(job: Pick<Job, "id" | "version">, specText: string, now: Date): Statement {
  return { sql: INSERT_VERSION, params: [newId("version", now), job.id, job.version, specText, now] };
}

/** The job's label rows (what label filters query): one multi-row insert, after removing the old ones unless the job is new. */
export function replaceJobLabelRows(jobId: string, labels: Record<string, string>, isNew: boolean): Statement[] {
  const entries = Object.entries(labels);
  const out: Statement[] = isNew ? [] : [{ sql: `DELETE FROM "JobLabel" WHERE "jobId" = ?`, params: [jobId] }];
  if (entries.length) {
    out.push({
      sql: `INSERT INTO "JobLabel" ("jobId", "key", "value") VALUES ${entries.map(() => "(?, ?, ?)").join(", ")}`,
      params: entries.flatMap(([key, value]) => [jobId, key, value]),
    });
  }
  return out;
}
