-- CreateIndex
CREATE INDEX "Finding_resolved_idx" ON "Finding"("resolvedAt") WHERE (status = 'RESOLVED');
