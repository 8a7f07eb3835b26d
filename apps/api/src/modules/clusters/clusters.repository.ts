import { Injectable } from '@nestjs/common';

/** Why an endpoint limited to deleted clusters was disabled (checked when it is enabled again). */
export const CLUSTERS_DELETED = 'every cluster it was limited to was deleted';
import { Prisma } from '../../generated/prisma/client';
import { utc } from '../../infra/prisma/bulk';
import { PrismaService } from '../../infra/prisma/prisma.service';

@Injectable()
export class ClustersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the cluster and its first agent token together; null when the name is taken. */
  async createWithToken(organizationId: string, name: string, token: { prefix: string; hash: string }) {
    try {
      return await this.prisma.cluster.create({
        data: { organizationId, name, agentTokens: { create: { organizationId, ...token } } },
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  /**
   * Issues a new token; the cluster's other live tokens keep working until `graceUntil` (an
   * agent mid-rollout is not cut off). Null when the cluster is not this organisation's.
   */
  rotateToken(organizationId: string, clusterId: string, token: { prefix: string; hash: string }, graceUntil: Date) {
    return this.prisma.$transaction(async (tx) => {
      const cluster = await tx.cluster.findFirst({ where: { id: clusterId, organizationId }, select: { id: true } });
      if (!cluster) return null;
      await tx.agentToken.updateMany({
        where: { clusterId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: graceUntil } }] },
        data: { expiresAt: graceUntil },
      });
      return tx.agentToken.create({ data: { organizationId, clusterId, ...token }, select: { id: true } });
    });
  }

  /** Revokes every token of the cluster at once (a leaked token); false when not this organisation's. */
  async revokeTokens(organizationId: string, clusterId: string, at: Date): Promise<boolean> {
    const cluster = await this.prisma.cluster.findFirst({
      where: { id: clusterId, organizationId },
      select: { id: true },
    });
    if (!cluster) return false;
    await this.prisma.agentToken.updateMany({ where: { clusterId, revokedAt: null }, data: { revokedAt: at } });
    return true;
  }

  /**
   * Deletes the cluster (its history goes with it, by cascade); its name, or null if none. In the
   * same statement, webhook endpoints limited to it forget it; one left with no cluster is
   * disabled, never widened to every cluster (an empty list means all).
   */
  async delete(organizationId: string, id: string): Promise<string | null> {
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      WITH gone AS (
        DELETE FROM "Cluster" WHERE id = ${id}::uuid AND "organizationId" = ${organizationId}::uuid RETURNING name
      ), narrowed AS (
        UPDATE "WebhookEndpoint" e SET
          "clusterIds" = array_remove(e."clusterIds", ${id}::uuid),
          enabled = e.enabled AND cardinality(e."clusterIds") > 1,
          "disabledReason" = CASE WHEN e.enabled AND cardinality(e."clusterIds") = 1
                                  THEN ${CLUSTERS_DELETED} ELSE e."disabledReason" END,
          "disabledAt" = CASE WHEN e.enabled AND cardinality(e."clusterIds") = 1 THEN now() ELSE e."disabledAt" END
        WHERE e."organizationId" = ${organizationId}::uuid AND ${id}::uuid = ANY(e."clusterIds")
          AND EXISTS (SELECT 1 FROM gone)
      )
      SELECT name FROM gone`;
    return rows[0]?.name ?? null;
  }

  exists(organizationId: string, id: string): Promise<boolean> {
    return this.prisma.cluster.count({ where: { id, organizationId } }).then((n) => n > 0);
  }

  list(organizationId: string) {
    return this.prisma.cluster.findMany({ where: { organizationId }, orderBy: { name: 'asc' } });
  }

  /**
   * A token that is not revoked and, if rotated away, still inside its grace period, with what the
   * cluster's newest snapshot held (an agent's every request needs both: one round trip). Raw SQL:
   * it runs on every agent request, and the query builder cost more than the query.
   */
  async findUsableToken(hash: string, now: Date) {
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        clusterId: string;
        organizationId: string;
        lastUsedAt: Date | null;
        newestContentHash: string | null;
        newestAgentVersion: string | null;
      }[]
    >`
      SELECT t.id, t."clusterId", t."organizationId", t."lastUsedAt",
             s."contentHash" AS "newestContentHash", s."agentVersion" AS "newestAgentVersion"
      FROM "AgentToken" t
      LEFT JOIN LATERAL (
        SELECT "contentHash", "agentVersion" FROM "Snapshot"
        WHERE "clusterId" = t."clusterId" ORDER BY "collectedAt" DESC LIMIT 1
      ) s ON true
      WHERE t.hash = ${hash} AND t."revokedAt" IS NULL
        AND (t."expiresAt" IS NULL OR t."expiresAt" > ${utc(now)})
      LIMIT 1`;
    return rows[0] ?? null;
  }

  async touchToken(id: string, now: Date): Promise<void> {
    await this.prisma.agentToken.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
