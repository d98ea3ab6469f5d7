-- CreateEnum
CREATE TYPE "NodeState" AS ENUM ('READY', 'DOWN', 'DRAINING');

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('PENDING', 'QUEUED', 'DEPLOYING', 'RUNNING', 'ROLLOUT_PAUSED', 'ROLLOUT_FAILED', 'DEGRADED', 'COMPLETED', 'FAILED', 'STOPPED', 'DELETED');

-- CreateEnum
CREATE TYPE "EvaluationStatus" AS ENUM ('PENDING', 'RUNNING', 'BLOCKED', 'COMPLETE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ExecutionDesiredState" AS ENUM ('PENDING', 'RUNNING', 'STOPPED');

-- CreateEnum
CREATE TYPE "ExecutionComputeState" AS ENUM ('PENDING', 'STARTING', 'RUNNING', 'DEGRADED', 'COMPLETE', 'FAILED', 'LOST', 'STOPPING', 'STOPPED');

-- CreateEnum
CREATE TYPE "RolloutType" AS ENUM ('CREATE', 'UPDATE', 'RESTART', 'ROLLBACK');

-- CreateEnum
CREATE TYPE "RolloutState" AS ENUM ('RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RunState" AS ENUM ('PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'PARTIAL_FAILURE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RunTrigger" AS ENUM ('MANUAL', 'CRON', 'RETRY');

-- CreateEnum
CREATE TYPE "TokenKind" AS ENUM ('ADMIN', 'USER', 'NODE', 'JOIN');

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "state" "NodeState" NOT NULL,
    "labels" JSONB NOT NULL,
    "runtimes" JSONB NOT NULL,
    "agentVersion" TEXT,
    "lastHeartbeatAt" TIMESTAMP(3),
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "revision" INTEGER NOT NULL,

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeLabel" (
    "nodeId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "NodeLabel_pkey" PRIMARY KEY ("nodeId","key")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "state" "JobState" NOT NULL,
    "stateMessage" TEXT NOT NULL,
    "stateDetails" JSONB NOT NULL,
    "deploymentId" TEXT,
    "nextFireAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLabel" (
    "jobId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "JobLabel_pkey" PRIMARY KEY ("jobId","key")
);

-- CreateTable
CREATE TABLE "JobVersion" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "sourceVersion" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "triggeredBy" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "jobVersion" INTEGER NOT NULL,
    "status" "EvaluationStatus" NOT NULL,
    "statusMessage" TEXT NOT NULL,
    "placement" JSONB,
    "runId" TEXT,
    "waitUntil" TIMESTAMP(3),
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Execution" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "jobType" TEXT NOT NULL,
    "jobVersion" INTEGER NOT NULL,
    "runId" TEXT,
    "evalId" TEXT,
    "deploymentId" TEXT,
    "desiredState" "ExecutionDesiredState" NOT NULL,
    "desiredMessage" TEXT NOT NULL,
    "computeState" "ExecutionComputeState" NOT NULL,
    "computeMessage" TEXT NOT NULL,
    "computeDetails" JSONB NOT NULL,
    "details" JSONB NOT NULL,
    "previousExecutionId" TEXT,
    "nextExecutionId" TEXT,
    "revision" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "exitCode" INTEGER,
    "reportCounter" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "stableAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Execution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rollout" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "type" "RolloutType" NOT NULL,
    "state" "RolloutState" NOT NULL,
    "strategy" TEXT NOT NULL,
    "fromVersion" INTEGER NOT NULL,
    "toVersion" INTEGER NOT NULL,
    "currentWave" INTEGER NOT NULL,
    "totalWaves" INTEGER NOT NULL,
    "totalNodes" INTEGER NOT NULL,
    "updatedNodes" INTEGER NOT NULL,
    "failedNodes" INTEGER NOT NULL,
    "canaryNodes" JSONB NOT NULL,
    "canaryPromoted" BOOLEAN NOT NULL,
    "rollbackToVersion" INTEGER NOT NULL,
    "plan" JSONB NOT NULL,
    "message" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rollout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "jobVersion" INTEGER NOT NULL,
    "state" "RunState" NOT NULL,
    "trigger" "RunTrigger" NOT NULL,
    "scheduledAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "operation" JSONB NOT NULL,
    "result" JSONB,
    "changed" BOOLEAN,
    "hostname" TEXT,
    "exitCode" INTEGER,
    "error" TEXT,
    "message" TEXT NOT NULL,
    "retryOfRunId" TEXT,
    "retriedByRunId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunTimelineEvent" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "nodeId" TEXT,
    "executionId" TEXT,
    "hostname" TEXT,
    "event" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "error" TEXT,
    "data" JSONB,
    "changed" BOOLEAN,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunTimelineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CronFire" (
    "jobId" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "runId" TEXT,
    "claimedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CronFire_pkey" PRIMARY KEY ("jobId","scheduledAt")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "namespace" TEXT,
    "jobId" TEXT,
    "executionId" TEXT,
    "runId" TEXT,
    "nodeId" TEXT,
    "rolloutId" TEXT,
    "snapshot" JSONB NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "SeqCounter" (
    "name" TEXT NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "SeqCounter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "LogLine" (
    "executionId" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "jobId" TEXT NOT NULL,
    "runId" TEXT,
    "nodeId" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "LogLine_pkey" PRIMARY KEY ("executionId","lineNo")
);

-- CreateTable
CREATE TABLE "MetricSample" (
    "executionId" TEXT NOT NULL,
    "sampleNo" INTEGER NOT NULL,
    "jobId" TEXT NOT NULL,
    "runId" TEXT,
    "nodeId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "cpuCores" DOUBLE PRECISION NOT NULL,
    "memoryBytes" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "MetricSample_pkey" PRIMARY KEY ("executionId","sampleNo")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "TokenKind" NOT NULL,
    "hash" TEXT NOT NULL,
    "roles" JSONB NOT NULL,
    "nodeId" TEXT,
    "maxUses" INTEGER,
    "uses" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Node_state_idx" ON "Node"("state");

-- CreateIndex
CREATE INDEX "NodeLabel_key_value_idx" ON "NodeLabel"("key", "value");

-- CreateIndex
CREATE INDEX "Job_namespace_state_idx" ON "Job"("namespace", "state");

-- CreateIndex
CREATE INDEX "Job_state_idx" ON "Job"("state");

-- CreateIndex
CREATE INDEX "Job_type_idx" ON "Job"("type");

-- CreateIndex
CREATE UNIQUE INDEX "Job_namespace_name_key" ON "Job"("namespace", "name");

-- CreateIndex
CREATE INDEX "JobLabel_key_value_idx" ON "JobLabel"("key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "JobVersion_jobId_version_key" ON "JobVersion"("jobId", "version");

-- CreateIndex
CREATE INDEX "Evaluation_status_priority_createdAt_idx" ON "Evaluation"("status", "priority", "createdAt");

-- CreateIndex
CREATE INDEX "Evaluation_jobId_createdAt_idx" ON "Evaluation"("jobId", "createdAt");

-- CreateIndex
CREATE INDEX "Execution_jobId_computeState_idx" ON "Execution"("jobId", "computeState");

-- CreateIndex
CREATE INDEX "Execution_nodeId_desiredState_idx" ON "Execution"("nodeId", "desiredState");

-- CreateIndex
CREATE INDEX "Execution_runId_idx" ON "Execution"("runId");

-- CreateIndex
CREATE INDEX "Execution_deploymentId_idx" ON "Execution"("deploymentId");

-- CreateIndex
CREATE INDEX "Rollout_jobId_startedAt_idx" ON "Rollout"("jobId", "startedAt");

-- CreateIndex
CREATE INDEX "Run_jobId_createdAt_idx" ON "Run"("jobId", "createdAt");

-- CreateIndex
CREATE INDEX "Run_state_idx" ON "Run"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Run_jobId_idempotencyKey_key" ON "Run"("jobId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "RunTimelineEvent_runId_at_idx" ON "RunTimelineEvent"("runId", "at");

-- CreateIndex
CREATE INDEX "Event_jobId_seq_idx" ON "Event"("jobId", "seq");

-- CreateIndex
CREATE INDEX "Event_namespace_seq_idx" ON "Event"("namespace", "seq");

-- CreateIndex
CREATE INDEX "Event_executionId_seq_idx" ON "Event"("executionId", "seq");

-- CreateIndex
CREATE INDEX "Event_runId_seq_idx" ON "Event"("runId", "seq");

-- CreateIndex
CREATE INDEX "Event_nodeId_seq_idx" ON "Event"("nodeId", "seq");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- CreateIndex
CREATE INDEX "LogLine_jobId_at_idx" ON "LogLine"("jobId", "at");

-- CreateIndex
CREATE INDEX "LogLine_runId_at_idx" ON "LogLine"("runId", "at");

-- CreateIndex
CREATE INDEX "LogLine_at_idx" ON "LogLine"("at");

-- CreateIndex
CREATE INDEX "MetricSample_jobId_at_idx" ON "MetricSample"("jobId", "at");

-- CreateIndex
CREATE INDEX "MetricSample_runId_at_idx" ON "MetricSample"("runId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- AddForeignKey
ALTER TABLE "NodeLabel" ADD CONSTRAINT "NodeLabel_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobLabel" ADD CONSTRAINT "JobLabel_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobVersion" ADD CONSTRAINT "JobVersion_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Execution" ADD CONSTRAINT "Execution_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Execution" ADD CONSTRAINT "Execution_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Execution" ADD CONSTRAINT "Execution_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rollout" ADD CONSTRAINT "Rollout_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunTimelineEvent" ADD CONSTRAINT "RunTimelineEvent_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CronFire" ADD CONSTRAINT "CronFire_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;
