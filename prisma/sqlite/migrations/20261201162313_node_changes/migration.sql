-- CreateTable
CREATE TABLE "NodeChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nodeId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "NodeChange_createdAt_idx" ON "NodeChange"("createdAt");
