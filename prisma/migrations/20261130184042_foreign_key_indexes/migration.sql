-- CreateIndex
CREATE INDEX "FindingEvent_causeChangeId_idx" ON "FindingEvent"("causeChangeId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_eventId_idx" ON "WebhookDelivery"("eventId");
