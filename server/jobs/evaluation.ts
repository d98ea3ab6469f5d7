import type { Prisma, Job } from "../db/client.ts";
import type { Clock } from "../clock.ts";
import { newId } from "../ids.ts";
import type { Statement } from "../db/direct-sql.ts";

/** Why an evaluation was created; the scheduler reads it to pick what to do. */
export type EvaluationTrigger =
  | "job-register"
  | "job-update"
  | "job-restart"
  | "job-start"
  | "job-deregister"
  | "node-update"
  | "run-trigger"
  | "cron"
  | "timeout"
  | "rollout-step"
  | "capacity-freed"
  | "run-cancel"
  | "job-delete";

/** Queues a durable request to reconcile `job`, inside the caller's transaction. */
export async function createEvaluation(
  tx: Prisma.TransactionClient,
  clock: Clock,
  job: Pick<Job, "id" | "namespace" | "priority" | "version">,
  triggeredBy: EvaluationTrigger,
  runId: string | null = null,
) {
  const now = clock.now();
  return tx.evaluation.create({
    data: {
      id: newId("evaluation", now),
      jobId: job.id,
      namespace: job.namespace,
      triggeredBy,
      priority: job.priority,
      jobVersion: job.version,
      status: "PENDING",
      statusMessage: "",
      runId,
      createdAt: now,
      updatedAt: now,
    },
  });
}

const INSERT_EVALUATION = `INSERT INTO "Evaluation" ("id", "jobId", "namespace", "triggeredBy", "priority", "jobVersion", "status", "statusMessage", "runId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 'PENDING', '', ?, ?, ?)`;

/** createEvaluation as a plain statement, for writes through DirectSql. */
export function evaluationStatement(
  job: Pick<Job, "id" | "namespace" | "priority" | "version">,
  triggeredBy: EvaluationTrigger,
  now: Date,
  runId: string | null = null,
): Statement {
  return {
    sql: INSERT_EVALUATION,
    params: [newId("evaluation", now), job.id, job.namespace, triggeredBy, job.priority, job.version, runId, now, now],
  };
}
