-- AlterTable
ALTER TABLE "Job" ADD COLUMN "deleteRequestedAt" DATETIME;
ALTER TABLE "Job" ADD COLUMN "restartRequestedAt" DATETIME;
