-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "baseline" JSONB;

-- CreateIndex
CREATE INDEX "Finding_standing_idx" ON "Finding"("clusterId") WHERE (status = 'OPEN' AND baseline IS NOT NULL);
