-- CreateIndex
CREATE INDEX "FindingEvent_clusterId_type_severity_at_idx" ON "FindingEvent"("clusterId", "type", "severity", "at");
