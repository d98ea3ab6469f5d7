-- AlterTable
ALTER TABLE "Execution" ADD COLUMN     "cpuRequested" DOUBLE PRECISION,
ADD COLUMN     "memoryRequested" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Node" ADD COLUMN     "cpuCores" DOUBLE PRECISION,
ADD COLUMN     "memoryBytes" DOUBLE PRECISION;
