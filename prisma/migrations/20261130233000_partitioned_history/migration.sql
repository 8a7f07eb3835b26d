-- History becomes time-partitioned (issue 15): each append-only table is partitioned by range of
-- its id, a UUIDv7 whose first 48 bits are the row's creation time in milliseconds, so the primary
-- key stays the id and a partition holds one month (payloads: one day) of rows. Retention drops
-- whole partitions (PartitionUpkeepService). These tables keep no foreign key and no unique
-- constraint besides the id: PostgreSQL requires a partitioned table's unique constraints to
-- include the partition key, and a foreign key would make dropping a partition lock the table it
-- references. Raw payloads move to their own table, partitioned by day.
--
-- The existing rows are copied into the new tables, whose partitions cover them; every id must be
-- a UUIDv7 (the application never made another kind).

-- A UUIDv7 of a given time (random otherwise): for SQL that writes history as of a time.
CREATE FUNCTION kubeward_uuid7(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_byte(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
      6, (get_byte(uuid_send(gen_random_uuid()), 6) & 15) | 112),
    'hex')::uuid
$$;

-- The smallest UUIDv7 of a time: partition bounds.
CREATE FUNCTION pg_temp.uuid_floor(at timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT (lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0') || repeat('0', 20))::uuid
$$;

CREATE FUNCTION pg_temp.uuid_time(id uuid) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT to_timestamp(('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint / 1000.0)
$$;

-- Partitions of `unit` ('day' or 'month', UTC) from the one holding `from_at` to the one holding `to_at`.
CREATE FUNCTION pg_temp.add_partitions(parent text, unit text, from_at timestamptz, to_at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  start timestamptz := date_trunc(unit, from_at, 'UTC');
  next timestamptz;
BEGIN
  WHILE start <= to_at LOOP
    next := (start AT TIME ZONE 'UTC' + ('1 ' || unit)::interval) AT TIME ZONE 'UTC';
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
      parent || '_p' || to_char(start AT TIME ZONE 'UTC', CASE unit WHEN 'day' THEN 'YYYYMMDD' ELSE 'YYYYMM' END),
      parent, pg_temp.uuid_floor(start), pg_temp.uuid_floor(next));
    start := next;
  END LOOP;
END $$;

-- Renames a table aside, without the constraints and indexes whose names the new table takes.
CREATE FUNCTION pg_temp.set_aside(t text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE oid = quote_ident(t)::regclass AND relkind = 'p') THEN
    RAISE EXCEPTION '% is already partitioned', t;
  END IF;
  EXECUTE format('ALTER TABLE %I RENAME TO %I', t, t || '_unpartitioned');
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = quote_ident(t || '_unpartitioned')::regclass LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t || '_unpartitioned', r.conname);
  END LOOP;
  FOR r IN SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = t || '_unpartitioned' LOOP
    EXECUTE format('DROP INDEX %I', r.indexname);
  END LOOP;
END $$;

-- Refuses ids that are not UUIDv7 (they would land in no partition), naming the table.
CREATE FUNCTION pg_temp.check_ids(t text, col text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  bad uuid;
BEGIN
  EXECUTE format('SELECT %I FROM %I WHERE substr(%I::text, 15, 1) <> ''7'' LIMIT 1', col, t, col) INTO bad;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'table % holds id % which is not a UUIDv7: it cannot be placed in a time partition', t, bad;
  END IF;
END $$;

-- Partitions for a new table: from its oldest row (or a month back, for history written as of a
-- past time) to two months (payloads: a week) ahead. PartitionUpkeepService keeps them ahead.
CREATE FUNCTION pg_temp.partition_for(parent text, source text, col text, unit text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  oldest timestamptz;
BEGIN
  EXECUTE format('SELECT pg_temp.uuid_time(%I) FROM %I ORDER BY %I LIMIT 1', col, source, col) INTO oldest;
  PERFORM pg_temp.add_partitions(parent, unit,
    least(coalesce(oldest, now()), now() - CASE unit WHEN 'day' THEN interval '15 days' ELSE interval '1 month' END),
    now() + CASE unit WHEN 'day' THEN interval '7 days' ELSE interval '2 months' END);
END $$;

-- The old foreign keys between and from history tables.
ALTER TABLE "Snapshot" DROP CONSTRAINT "Snapshot_clusterId_fkey";
ALTER TABLE "Evaluation" DROP CONSTRAINT "Evaluation_clusterId_fkey";
ALTER TABLE "Evaluation" DROP CONSTRAINT "Evaluation_snapshotId_fkey";
ALTER TABLE "FindingEvent" DROP CONSTRAINT "FindingEvent_findingId_fkey";
ALTER TABLE "FindingEvent" DROP CONSTRAINT "FindingEvent_clusterId_fkey";
ALTER TABLE "FindingEvent" DROP CONSTRAINT "FindingEvent_evaluationId_fkey";
ALTER TABLE "FindingEvent" DROP CONSTRAINT "FindingEvent_causeChangeId_fkey";
ALTER TABLE "ObjectChange" DROP CONSTRAINT "ObjectChange_clusterId_fkey";
ALTER TABLE "ObjectChange" DROP CONSTRAINT "ObjectChange_evaluationId_fkey";
ALTER TABLE "WebhookDelivery" DROP CONSTRAINT "WebhookDelivery_endpointId_fkey";
ALTER TABLE "WebhookDelivery" DROP CONSTRAINT "WebhookDelivery_eventId_fkey";
ALTER TABLE "WebhookDeliveryAttempt" DROP CONSTRAINT "WebhookDeliveryAttempt_deliveryId_fkey";
ALTER TABLE "AuditLog" DROP CONSTRAINT "AuditLog_organizationId_fkey";

SELECT pg_temp.check_ids('Snapshot', 'id');
SELECT pg_temp.set_aside('Snapshot');
SELECT pg_temp.check_ids('Evaluation', 'id');
SELECT pg_temp.set_aside('Evaluation');
SELECT pg_temp.check_ids('FindingEvent', 'id');
SELECT pg_temp.set_aside('FindingEvent');
SELECT pg_temp.check_ids('ObjectChange', 'id');
SELECT pg_temp.set_aside('ObjectChange');
SELECT pg_temp.check_ids('WebhookEvent', 'id');
SELECT pg_temp.set_aside('WebhookEvent');
SELECT pg_temp.check_ids('WebhookDelivery', 'id');
SELECT pg_temp.set_aside('WebhookDelivery');
SELECT pg_temp.check_ids('WebhookDeliveryAttempt', 'id');
SELECT pg_temp.set_aside('WebhookDeliveryAttempt');
SELECT pg_temp.check_ids('AuditLog', 'id');
SELECT pg_temp.set_aside('AuditLog');

CREATE TABLE "Snapshot" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "schemaVersion" INTEGER NOT NULL,
    "agentVersion" TEXT,
    "contentHash" TEXT NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sizeBytes" INTEGER NOT NULL,
    "status" "SnapshotStatus" NOT NULL DEFAULT 'RECEIVED',
    "enqueuedAt" TIMESTAMP(3),
    "failureReason" TEXT,
    "failedAt" TIMESTAMP(3),

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('Snapshot', 'Snapshot_unpartitioned', 'id', 'month');
INSERT INTO "Snapshot" ("id", "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion", "contentHash", "collectedAt", "receivedAt", "sizeBytes", "status", "enqueuedAt", "failureReason", "failedAt")
  SELECT "id", "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion", "contentHash", "collectedAt", "receivedAt", "sizeBytes", "status", "enqueuedAt", "failureReason", "failedAt" FROM "Snapshot_unpartitioned";

CREATE TABLE "SnapshotPayload" (
    "snapshotId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "payload" BYTEA NOT NULL,

    CONSTRAINT "SnapshotPayload_pkey" PRIMARY KEY ("snapshotId")
) PARTITION BY RANGE ("snapshotId");

SELECT pg_temp.partition_for('SnapshotPayload', 'Snapshot_unpartitioned', 'id', 'day');
INSERT INTO "SnapshotPayload" ("snapshotId", "organizationId", "clusterId", payload)
  SELECT id, "organizationId", "clusterId", payload FROM "Snapshot_unpartitioned" WHERE payload IS NOT NULL;

CREATE TABLE "Evaluation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "snapshotId" UUID NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL,
    "evaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "critical" INTEGER NOT NULL,
    "high" INTEGER NOT NULL,
    "medium" INTEGER NOT NULL,
    "low" INTEGER NOT NULL,
    "info" INTEGER NOT NULL,
    "opened" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "reopened" INTEGER NOT NULL,
    "notEvaluable" JSONB NOT NULL DEFAULT '[]',
    "ruleErrors" JSONB NOT NULL DEFAULT '[]',
    "inputHash" TEXT,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('Evaluation', 'Evaluation_unpartitioned', 'id', 'month');
INSERT INTO "Evaluation" ("id", "organizationId", "clusterId", "snapshotId", "collectedAt", "evaluatedAt", "durationMs", "score", "critical", "high", "medium", "low", "info", "opened", "resolved", "reopened", "notEvaluable", "ruleErrors", "inputHash")
  SELECT "id", "organizationId", "clusterId", "snapshotId", "collectedAt", "evaluatedAt", "durationMs", "score", "critical", "high", "medium", "low", "info", "opened", "resolved", "reopened", "notEvaluable", "ruleErrors", "inputHash" FROM "Evaluation_unpartitioned";

CREATE TABLE "FindingEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "evaluationId" UUID NOT NULL,
    "type" "FindingEventType" NOT NULL,
    "reason" "ResolutionReason",
    "severity" "Severity" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "causeChangeId" UUID,

    CONSTRAINT "FindingEvent_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('FindingEvent', 'FindingEvent_unpartitioned', 'id', 'month');
INSERT INTO "FindingEvent" ("id", "organizationId", "clusterId", "findingId", "evaluationId", "type", "reason", "severity", "at", "closedAt", "causeChangeId")
  SELECT "id", "organizationId", "clusterId", "findingId", "evaluationId", "type", "reason", "severity", "at", "closedAt", "causeChangeId" FROM "FindingEvent_unpartitioned";

CREATE TABLE "ObjectChange" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "evaluationId" UUID NOT NULL,
    "objectKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT,
    "name" TEXT NOT NULL,
    "type" "ChangeType" NOT NULL,
    "diff" JSONB NOT NULL DEFAULT '[]',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ObjectChange_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('ObjectChange', 'ObjectChange_unpartitioned', 'id', 'month');
INSERT INTO "ObjectChange" ("id", "organizationId", "clusterId", "evaluationId", "objectKey", "kind", "namespace", "name", "type", "diff", "at")
  SELECT "id", "organizationId", "clusterId", "evaluationId", "objectKey", "kind", "namespace", "name", "type", "diff", "at" FROM "ObjectChange_unpartitioned";

CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID,
    "evaluationId" UUID,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('WebhookEvent', 'WebhookEvent_unpartitioned', 'id', 'month');
INSERT INTO "WebhookEvent" ("id", "organizationId", "clusterId", "evaluationId", "type", "payload", "createdAt", "dispatchedAt")
  SELECT "id", "organizationId", "clusterId", "evaluationId", "type", "payload", "createdAt", "dispatchedAt" FROM "WebhookEvent_unpartitioned";

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "messageId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "enqueuedAt" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "lastLatencyMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('WebhookDelivery', 'WebhookDelivery_unpartitioned', 'id', 'month');
INSERT INTO "WebhookDelivery" ("id", "organizationId", "endpointId", "eventId", "messageId", "payload", "status", "attempts", "nextAttemptAt", "enqueuedAt", "lastStatusCode", "lastError", "lastLatencyMs", "createdAt", "deliveredAt")
  SELECT "id", "organizationId", "endpointId", "eventId", "messageId", "payload", "status", "attempts", "nextAttemptAt", "enqueuedAt", "lastStatusCode", "lastError", "lastLatencyMs", "createdAt", "deliveredAt" FROM "WebhookDelivery_unpartitioned";

CREATE TABLE "WebhookDeliveryAttempt" (
    "id" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusCode" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "WebhookDeliveryAttempt_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('WebhookDeliveryAttempt', 'WebhookDeliveryAttempt_unpartitioned', 'id', 'month');
INSERT INTO "WebhookDeliveryAttempt" ("id", "deliveryId", "at", "statusCode", "latencyMs", "error")
  SELECT "id", "deliveryId", "at", "statusCode", "latencyMs", "error" FROM "WebhookDeliveryAttempt_unpartitioned";

CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");

SELECT pg_temp.partition_for('AuditLog', 'AuditLog_unpartitioned', 'id', 'month');
INSERT INTO "AuditLog" ("id", "organizationId", "actorType", "actorId", "action", "targetType", "targetId", "details", "at")
  SELECT "id", "organizationId", "actorType", "actorId", "action", "targetType", "targetId", "details", "at" FROM "AuditLog_unpartitioned";

CREATE INDEX "Snapshot_clusterId_externalId_idx" ON "Snapshot"("clusterId", "externalId");
CREATE INDEX "Snapshot_clusterId_collectedAt_idx" ON "Snapshot"("clusterId", "collectedAt");
CREATE INDEX "Snapshot_received_pending_idx" ON "Snapshot"("receivedAt") WHERE (status = 'RECEIVED');
CREATE INDEX "Snapshot_queued_idx" ON "Snapshot"("enqueuedAt") WHERE (status = 'QUEUED');
CREATE INDEX "Snapshot_queued_by_organization_idx" ON "Snapshot"("organizationId") WHERE (status = 'QUEUED');
CREATE INDEX "Snapshot_failed_idx" ON "Snapshot"("clusterId", "failedAt") WHERE (status = 'FAILED');

CREATE INDEX "SnapshotPayload_clusterId_snapshotId_idx" ON "SnapshotPayload"("clusterId", "snapshotId");

CREATE INDEX "Evaluation_snapshotId_idx" ON "Evaluation"("snapshotId");
CREATE INDEX "Evaluation_clusterId_collectedAt_id_idx" ON "Evaluation"("clusterId", "collectedAt", "id");

CREATE INDEX "FindingEvent_evaluationId_findingId_idx" ON "FindingEvent"("evaluationId", "findingId");
CREATE INDEX "FindingEvent_findingId_at_idx" ON "FindingEvent"("findingId", "at");
CREATE INDEX "FindingEvent_clusterId_at_idx" ON "FindingEvent"("clusterId", "at");
CREATE INDEX "FindingEvent_clusterId_type_severity_at_idx" ON "FindingEvent"("clusterId", "type", "severity", "at");
CREATE INDEX "FindingEvent_organizationId_at_idx" ON "FindingEvent"("organizationId", "at");

CREATE INDEX "ObjectChange_evaluationId_objectKey_idx" ON "ObjectChange"("evaluationId", "objectKey");
CREATE INDEX "ObjectChange_clusterId_at_idx" ON "ObjectChange"("clusterId", "at");
CREATE INDEX "ObjectChange_clusterId_objectKey_at_idx" ON "ObjectChange"("clusterId", "objectKey", "at");

CREATE INDEX "WebhookEvent_dispatchedAt_createdAt_idx" ON "WebhookEvent"("dispatchedAt", "createdAt");
CREATE INDEX "WebhookEvent_organizationId_clusterId_idx" ON "WebhookEvent"("organizationId", "clusterId");

CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");
CREATE INDEX "WebhookDelivery_eventId_endpointId_idx" ON "WebhookDelivery"("eventId", "endpointId");
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

CREATE INDEX "WebhookDeliveryAttempt_deliveryId_at_idx" ON "WebhookDeliveryAttempt"("deliveryId", "at");

CREATE INDEX "AuditLog_organizationId_at_idx" ON "AuditLog"("organizationId", "at");

DROP TABLE "Snapshot_unpartitioned";
DROP TABLE "Evaluation_unpartitioned";
DROP TABLE "FindingEvent_unpartitioned";
DROP TABLE "ObjectChange_unpartitioned";
DROP TABLE "WebhookEvent_unpartitioned";
DROP TABLE "WebhookDelivery_unpartitioned";
DROP TABLE "WebhookDeliveryAttempt_unpartitioned";
DROP TABLE "AuditLog_unpartitioned";
