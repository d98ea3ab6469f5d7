-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "nodeIds" JSONB;
