-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "scheduleSuspendedAt" TIMESTAMP(3);
