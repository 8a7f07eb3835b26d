-- DropIndex
DROP INDEX "FindingEvent_evaluationId_findingId_idx";

-- DropIndex
DROP INDEX "FindingEvent_clusterId_at_idx";

-- DropIndex
DROP INDEX "FindingEvent_organizationId_at_idx";

-- DropIndex
DROP INDEX "ObjectChange_evaluationId_objectKey_idx";

-- DropIndex
DROP INDEX "ObjectChange_clusterId_objectKey_at_idx";

-- CreateIndex
CREATE INDEX "FindingEvent_period_cluster_idx" ON "FindingEvent"("clusterId", "severity" DESC, "findingId") WHERE (type IN ('OPENED', 'REOPENED'));

-- CreateIndex
CREATE INDEX "FindingEvent_period_organization_idx" ON "FindingEvent"("organizationId", "severity" DESC, "findingId") WHERE (type IN ('OPENED', 'REOPENED'));

-- CreateIndex
CREATE INDEX "ObjectChange_clusterId_type_at_objectKey_idx" ON "ObjectChange"("clusterId", "type", "at", "objectKey");
