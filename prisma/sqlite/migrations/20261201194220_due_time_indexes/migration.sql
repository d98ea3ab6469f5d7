-- CreateIndex
CREATE INDEX "Job_nextFireAt_idx" ON "Job"("nextFireAt");

-- CreateIndex
CREATE INDEX "Node_lastHeartbeatAt_idx" ON "Node"("lastHeartbeatAt");
