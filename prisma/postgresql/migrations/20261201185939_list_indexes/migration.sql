-- DropIndex
DROP INDEX "Execution_runId_idx";

-- DropIndex
DROP INDEX "Job_namespace_state_idx";

-- DropIndex
DROP INDEX "Job_state_idx";

-- DropIndex
DROP INDEX "Job_type_idx";

-- DropIndex
DROP INDEX "Node_state_idx";

-- DropIndex
DROP INDEX "Run_jobId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Evaluation_jobId_id_idx" ON "Evaluation"("jobId", "id");

-- CreateIndex
CREATE INDEX "Execution_jobId_id_idx" ON "Execution"("jobId", "id");

-- CreateIndex
CREATE INDEX "Execution_nodeId_id_idx" ON "Execution"("nodeId", "id");

-- CreateIndex
CREATE INDEX "Execution_runId_id_idx" ON "Execution"("runId", "id");

-- CreateIndex
CREATE INDEX "Job_namespace_id_idx" ON "Job"("namespace", "id");

-- CreateIndex
CREATE INDEX "Job_namespace_state_id_idx" ON "Job"("namespace", "state", "id");

-- CreateIndex
CREATE INDEX "Job_state_id_idx" ON "Job"("state", "id");

-- CreateIndex
CREATE INDEX "Job_type_id_idx" ON "Job"("type", "id");

-- CreateIndex
CREATE INDEX "Node_state_id_idx" ON "Node"("state", "id");

-- CreateIndex
CREATE INDEX "Run_jobId_createdAt_id_idx" ON "Run"("jobId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_jobId_id_idx" ON "Run"("jobId", "id");
