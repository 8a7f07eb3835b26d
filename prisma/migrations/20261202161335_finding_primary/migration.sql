-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "primaryFingerprint" TEXT;

-- CreateIndex
CREATE INDEX "Finding_related_idx" ON "Finding"("clusterId", "primaryFingerprint") WHERE ("primaryFingerprint" IS NOT NULL);
