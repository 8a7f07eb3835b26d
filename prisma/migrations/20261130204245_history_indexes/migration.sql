-- DropIndex
DROP INDEX "Snapshot_status_enqueuedAt_idx";

-- DropIndex
DROP INDEX "Snapshot_receivedAt_idx";

-- DropIndex
DROP INDEX "Evaluation_clusterId_evaluatedAt_idx";

-- CreateIndex
CREATE INDEX "Snapshot_received_pending_idx" ON "Snapshot"("receivedAt") WHERE (status = 'RECEIVED');

-- CreateIndex
CREATE INDEX "Snapshot_queued_idx" ON "Snapshot"("enqueuedAt") WHERE (status = 'QUEUED');

-- CreateIndex
CREATE INDEX "Snapshot_queued_by_organization_idx" ON "Snapshot"("organizationId") WHERE (status = 'QUEUED');

-- CreateIndex
CREATE INDEX "Snapshot_with_payload_idx" ON "Snapshot"("clusterId", "receivedAt") WHERE (payload IS NOT NULL);

-- CreateIndex
CREATE INDEX "Evaluation_clusterId_collectedAt_id_idx" ON "Evaluation"("clusterId", "collectedAt", "id");

-- CreateIndex
CREATE INDEX "Finding_open_idx" ON "Finding"("clusterId", "fingerprint", "severity", "id") WHERE (status = 'OPEN');
