-- AlterTable
ALTER TABLE "Job" ADD COLUMN "scheduleSuspendedAt" DATETIME;
