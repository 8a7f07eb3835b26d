-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "historyRetentionDays" INTEGER;
