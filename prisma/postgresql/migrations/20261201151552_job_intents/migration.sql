-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "deleteRequestedAt" TIMESTAMP(3),
ADD COLUMN     "restartRequestedAt" TIMESTAMP(3);
