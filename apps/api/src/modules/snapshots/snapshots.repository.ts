import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { newId, utc } from '../../infra/prisma/bulk';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';

export interface NewSnapshot {
  organizationId: string;
  clusterId: string;
  externalId: string;
  schemaVersion: number;
  agentVersion: string;
  contentHash: string;
  collectedAt: Date;
  sizeBytes: number;
  payload: Buffer;
  kubernetesVersion?: string;
}

@Injectable()
export class SnapshotsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the snapshot and its payload and notes it on the cluster, in one transaction. A snapshot
   * id the cluster already has (a retry) is acknowledged with the stored row, not stored again:
   * history is partitioned, so no unique index can say so; the cluster's ingest lock makes the
   * lookup and the insert one step.
   */
  insert(s: NewSnapshot): Promise<{ id: string; duplicate: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('ingest:' || ${s.clusterId}, 0))`;
      const [existing] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Snapshot" WHERE "clusterId" = ${s.clusterId}::uuid AND "externalId" = ${s.externalId} LIMIT 1`;
      if (existing) return { id: existing.id, duplicate: true };
      const id = newId();
      await tx.$executeRaw`
        INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion",
                                "contentHash", "collectedAt", "sizeBytes")
        VALUES (${id}::uuid, ${s.organizationId}::uuid, ${s.clusterId}::uuid, ${s.externalId}, ${s.schemaVersion},
                ${s.agentVersion}, ${s.contentHash}, ${utc(s.collectedAt)}, ${s.sizeBytes})`;
      await tx.$executeRaw`
        INSERT INTO "SnapshotPayload" ("snapshotId", "organizationId", "clusterId", payload)
        VALUES (${id}::uuid, ${s.organizationId}::uuid, ${s.clusterId}::uuid, ${s.payload})`;
      await tx.$executeRaw`
        UPDATE "Cluster" SET "lastSnapshotAt" = (now() AT TIME ZONE 'UTC'), "agentVersion" = ${s.agentVersion},
               "kubernetesVersion" = COALESCE(${s.kubernetesVersion ?? null}, "kubernetesVersion")
        WHERE id = ${s.clusterId}::uuid`;
      return { id, duplicate: false };
    });
  }

  /** The cluster's snapshot with this idempotency key, if it has one. */
  async findByExternalId(clusterId: string, externalId: string): Promise<{ id: string } | null> {
    const [row] = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Snapshot" WHERE "clusterId" = ${clusterId}::uuid AND "externalId" = ${externalId} LIMIT 1`;
    return row ?? null;
  }

  /**
   * The newest stored payload of the cluster with this content (a delta's base). A cluster keeps
   * only a few payloads (the newest evaluated and those not evaluated yet), so this reads a few rows.
   */
  async payloadWithContent(
    clusterId: string,
    contentHash: string,
  ): Promise<{ payload: Buffer; sizeBytes: number } | null> {
    const [row] = await this.prisma.$queryRaw<{ payload: Buffer; sizeBytes: number }[]>`
      SELECT p.payload, s."sizeBytes" FROM "SnapshotPayload" p JOIN "Snapshot" s ON s.id = p."snapshotId"
      WHERE p."clusterId" = ${clusterId}::uuid AND s."contentHash" = ${contentHash}
      ORDER BY s."collectedAt" DESC, s."receivedAt" DESC LIMIT 1`;
    return row ? { payload: Buffer.from(row.payload), sizeBytes: row.sizeBytes } : null;
  }

  /** The agent saw nothing change since the cluster's newest snapshot. */
  async noteHeartbeat(clusterId: string, agentVersion: string): Promise<void> {
    await this.prisma.cluster.update({
      where: { id: clusterId },
      data: { lastHeartbeatAt: new Date(), agentVersion },
    });
  }

  /**
   * A copy of the cluster's newest snapshot that still has its payload, under a new id, to be
   * evaluated again (after a settings change). Null when there is none.
   */
  async copyNewest(clusterId: string, externalId: string, tx: Tx = this.prisma): Promise<{ id: string } | null> {
    const id = newId();
    const rows = await tx.$queryRaw<{ id: string }[]>`
      WITH newest AS (
        SELECT s.*, p.payload FROM "SnapshotPayload" p JOIN "Snapshot" s ON s.id = p."snapshotId"
        WHERE p."clusterId" = ${clusterId}::uuid
        ORDER BY s."collectedAt" DESC, s."receivedAt" DESC LIMIT 1
      ), snapshot AS (
        INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion",
                                "contentHash", "collectedAt", "sizeBytes")
        SELECT ${id}::uuid, "organizationId", "clusterId", ${externalId}, "schemaVersion", "agentVersion",
               "contentHash", "collectedAt", "sizeBytes"
        FROM newest RETURNING id
      )
      INSERT INTO "SnapshotPayload" ("snapshotId", "organizationId", "clusterId", payload)
      SELECT snapshot.id, newest."organizationId", newest."clusterId", newest.payload FROM snapshot, newest
      RETURNING "snapshotId" AS id`;
    return rows[0] ?? null;
  }

  /** Each snapshot's organisation, and how many of that organisation's snapshots are already queued. */
  queuedAhead(ids: string[]) {
    return this.prisma.$queryRaw<{ id: string; organizationId: string; ahead: number }[]>`
      WITH batch AS (SELECT id, "organizationId" FROM "Snapshot" WHERE id = ANY(${ids}::uuid[]))
      SELECT b.id, b."organizationId",
             (SELECT count(*) FROM "Snapshot" q
              WHERE q.status = 'QUEUED' AND q."organizationId" = b."organizationId")::int AS ahead
      FROM batch b`;
  }

  markQueued(ids: string[], at: Date) {
    return this.prisma.$executeRaw`
      UPDATE "Snapshot" SET status = 'QUEUED', "enqueuedAt" = ${utc(at)}
      WHERE id = ANY(${ids}::uuid[]) AND status = 'RECEIVED'`;
  }

  /** Outbox rows whose job may never have reached the queue. */
  findUnqueued(olderThan: Date, limit: number) {
    // The status as a literal: a bound value would not let the planner use the partial index.
    return this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Snapshot" WHERE status = 'RECEIVED' AND "receivedAt" < ${utc(olderThan)}
      ORDER BY "receivedAt" LIMIT ${limit}`;
  }

  /** Rows queued before `before` and not evaluated yet: their job may have been lost with Redis's data. */
  findQueued(before: Date, limit: number, after?: { enqueuedAt: Date; id: string }) {
    const from = after
      ? Prisma.sql`AND ("enqueuedAt", id) > (${utc(after.enqueuedAt)}, ${after.id}::uuid)`
      : Prisma.empty;
    return this.prisma.$queryRaw<{ id: string; enqueuedAt: Date }[]>`
      SELECT id, "enqueuedAt" FROM "Snapshot" WHERE status = 'QUEUED' AND "enqueuedAt" < ${utc(before)} ${from}
      ORDER BY "enqueuedAt", id LIMIT ${limit}`;
  }

  /**
   * The snapshot's evaluation failed for good: FAILED with why, and its payload dropped (it will
   * not be evaluated again; the agent's next snapshot will). False if it was no longer pending.
   */
  markFailed(id: string, reason: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const n = await tx.$executeRaw`
        UPDATE "Snapshot" SET status = 'FAILED', "failureReason" = ${reason.slice(0, 1000)},
          "failedAt" = (now() AT TIME ZONE 'UTC')
        WHERE id = ${id}::uuid AND status IN ('RECEIVED', 'QUEUED')`;
      if (n > 0) await tx.$executeRaw`DELETE FROM "SnapshotPayload" WHERE "snapshotId" = ${id}::uuid`;
      return n > 0;
    });
  }

  /** The cluster's snapshots whose evaluation failed since `since`, newest first. */
  failed(clusterId: string, since: Date, limit: number) {
    return this.prisma.$queryRaw<
      { id: string; externalId: string; collectedAt: Date; receivedAt: Date; failedAt: Date; reason: string }[]
    >`
      SELECT id, "externalId", "collectedAt", "receivedAt", "failedAt", "failureReason" AS reason FROM "Snapshot"
      WHERE "clusterId" = ${clusterId}::uuid AND status = 'FAILED' AND "failedAt" >= ${utc(since)}
      ORDER BY "failedAt" DESC LIMIT ${limit}`;
  }
}
