-- AlterTable
ALTER TABLE "Run" ADD COLUMN "meta" JSONB;
ALTER TABLE "Run" ADD COLUMN "payload" TEXT;

-- CreateIndex
CREATE INDEX "Run_namespace_id_idx" ON "Run"("namespace", "id");
