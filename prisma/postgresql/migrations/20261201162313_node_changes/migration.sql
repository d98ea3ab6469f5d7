-- CreateTable
CREATE TABLE "NodeChange" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NodeChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NodeChange_createdAt_idx" ON "NodeChange"("createdAt");
