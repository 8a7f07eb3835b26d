-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "acceptedCounts" JSONB NOT NULL DEFAULT '{}';
