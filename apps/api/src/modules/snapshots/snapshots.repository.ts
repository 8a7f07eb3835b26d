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
   * Stores the snapshot and notes it on the cluster in one transaction. Returns null when the
   * cluster already has a snapshot with this id (a retry): it is acknowledged, not stored again.
   */
  async insert(s: NewSnapshot): Promise<{ id: string } | null> {
    // One statement, atomic: the row, and the cluster's last-snapshot facts only if it was new.
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH inserted AS (
        INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion",
                                "contentHash", "collectedAt", "sizeBytes", payload)
        VALUES (${newId()}::uuid, ${s.organizationId}::uuid, ${s.clusterId}::uuid, ${s.externalId}, ${s.schemaVersion},
                ${s.agentVersion}, ${s.contentHash}, ${utc(s.collectedAt)},
                ${s.sizeBytes}, ${s.payload})
        ON CONFLICT ("clusterId", "externalId") DO NOTHING
        RETURNING id
      ), noted AS (
        UPDATE "Cluster" SET "lastSnapshotAt" = (now() AT TIME ZONE 'UTC'), "agentVersion" = ${s.agentVersion},
               "kubernetesVersion" = COALESCE(${s.kubernetesVersion ?? null}, "kubernetesVersion")
        WHERE id = ${s.clusterId}::uuid AND EXISTS (SELECT 1 FROM inserted)
      )
      SELECT id FROM inserted`;
    return rows[0] ?? null;
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
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "agentVersion",
                              "contentHash", "collectedAt", "sizeBytes", payload)
      SELECT ${newId()}::uuid, "organizationId", "clusterId", ${externalId}, "schemaVersion", "agentVersion",
             "contentHash", "collectedAt", "sizeBytes", payload
      FROM "Snapshot" WHERE "clusterId" = ${clusterId}::uuid AND payload IS NOT NULL
      ORDER BY "collectedAt" DESC, "receivedAt" DESC LIMIT 1
      RETURNING id`;
    return rows[0] ?? null;
  }

  findByExternalId(clusterId: string, externalId: string) {
    return this.prisma.snapshot.findUnique({
      where: { clusterId_externalId: { clusterId, externalId } },
      select: { id: true, status: true },
    });
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
  async markFailed(id: string, reason: string): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE "Snapshot" SET status = 'FAILED', "failureReason" = ${reason.slice(0, 1000)},
        "failedAt" = (now() AT TIME ZONE 'UTC'), payload = NULL
      WHERE id = ${id}::uuid AND status IN ('RECEIVED', 'QUEUED')`;
    return n > 0;
  }

  /** The cluster's snapshots whose evaluation failed, newest first. */
  failed(clusterId: string, limit: number) {
    return this.prisma.$queryRaw<
      { id: string; externalId: string; collectedAt: Date; receivedAt: Date; failedAt: Date; reason: string }[]
    >`
      SELECT id, "externalId", "collectedAt", "receivedAt", "failedAt", "failureReason" AS reason FROM "Snapshot"
      WHERE "clusterId" = ${clusterId}::uuid AND status = 'FAILED'
      ORDER BY "failedAt" DESC LIMIT ${limit}`;
  }

  /**
   * Drops the payloads of evaluated (or skipped) snapshots received before `before`, at most
   * `limit` per call so no statement holds its locks for long. The number dropped.
   */
  dropPayloads(before: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE "Snapshot" SET payload = NULL
      WHERE id IN (
        SELECT id FROM "Snapshot"
        WHERE "receivedAt" < ${before} AND payload IS NOT NULL AND status IN ('EVALUATED', 'STALE', 'FAILED')
        LIMIT ${limit}
      )`;
  }
}
