-- DropIndex
DROP INDEX "Finding_organizationId_status_severity_idx";

-- DropIndex
DROP INDEX "Finding_clusterId_status_idx";

-- CreateIndex
CREATE INDEX "Finding_organizationId_status_severity_id_idx" ON "Finding"("organizationId", "status", "severity" DESC, "id");

-- CreateIndex
CREATE INDEX "Finding_clusterId_status_severity_id_idx" ON "Finding"("clusterId", "status", "severity" DESC, "id");
