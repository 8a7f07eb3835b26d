-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "failedAt" TIMESTAMP(3),
ADD COLUMN     "failureReason" TEXT;

-- CreateIndex
CREATE INDEX "Snapshot_failed_idx" ON "Snapshot"("clusterId", "failedAt") WHERE (status = 'FAILED');
