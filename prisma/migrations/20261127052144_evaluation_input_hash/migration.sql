-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "inputHash" TEXT;
