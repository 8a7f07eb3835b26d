-- CreateIndex
CREATE INDEX "Finding_organizationId_status_resourceNamespace_severity_id_idx" ON "Finding"("organizationId", "status", "resourceNamespace", "severity" DESC, "id");
