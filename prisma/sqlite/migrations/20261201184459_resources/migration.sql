-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "cpuRequested" REAL;
ALTER TABLE "Execution" ADD COLUMN "memoryRequested" REAL;

-- AlterTable
ALTER TABLE "Node" ADD COLUMN "cpuCores" REAL;
ALTER TABLE "Node" ADD COLUMN "memoryBytes" REAL;
