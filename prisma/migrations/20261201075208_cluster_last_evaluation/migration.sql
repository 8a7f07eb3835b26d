-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "lastEvaluationId" UUID;
