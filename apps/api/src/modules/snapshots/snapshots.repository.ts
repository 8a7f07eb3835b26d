import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../infra/prisma/prisma.service';

export interface NewSnapshot {
  organizationId: string;
  clusterId: string;
  externalId: string;
  schemaVersion: number;
  agentVersion: string;
  contentHash: string;
  collectedAt: Date;
  sizeBytes: number;
  payload: Uint8Array<ArrayBuffer>;
  kubernetesVersion?: string;
}

@Injectable()
export class SnapshotsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the snapshot and notes it on the cluster in one transaction. Returns null when the
   * cluster already has a snapshot with this id (a retry): it is acknowledged, not stored again.
   */
  async insert(s: NewSnapshot) {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const { kubernetesVersion, ...row } = s;
        const created = await tx.snapshot.create({ data: row, select: { id: true } });
        await tx.cluster.update({
          where: { id: s.clusterId },
          data: { lastSnapshotAt: new Date(), agentVersion: s.agentVersion, kubernetesVersion },
        });
        return created;
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  /**
   * Notes a heartbeat when the cluster's newest snapshot has this content: the agent saw nothing
   * change, so there is nothing to store or evaluate. False when the content is not the newest.
   */
  async heartbeat(clusterId: string, contentHash: string, agentVersion: string): Promise<boolean> {
    const newest = await this.prisma.snapshot.findFirst({
      where: { clusterId },
      orderBy: { collectedAt: 'desc' },
      select: { contentHash: true },
    });
    if (newest?.contentHash !== contentHash) return false;
    await this.prisma.cluster.update({
      where: { id: clusterId },
      data: { lastHeartbeatAt: new Date(), agentVersion },
    });
    return true;
  }

  findByExternalId(clusterId: string, externalId: string) {
    return this.prisma.snapshot.findUnique({
      where: { clusterId_externalId: { clusterId, externalId } },
      select: { id: true, status: true },
    });
  }

  markQueued(id: string, at: Date) {
    return this.prisma.snapshot.updateMany({
      where: { id, status: 'RECEIVED' },
      data: { status: 'QUEUED', enqueuedAt: at },
    });
  }

  /** Outbox rows whose job may never have reached the queue. */
  findUnqueued(olderThan: Date, limit: number) {
    return this.prisma.snapshot.findMany({
      where: { status: 'RECEIVED', receivedAt: { lt: olderThan } },
      select: { id: true },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
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
