import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { utc } from '../../infra/prisma/bulk';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import { type OrgScope, type Scope, visibleClusters } from '../auth/scope';

/**
 * `column` (a cluster id) is not one of the organisation's deleted clusters, whose history stays
 * until purged. The deleted ones are read once per statement (an init plan over the few there
 * are), so an indexed page stays one index range.
 */
export const onLiveCluster = (column: Prisma.Sql, organizationId: OrgScope): Prisma.Sql =>
  Prisma.sql`${column} <> ALL (ARRAY(
    SELECT id FROM "Cluster" WHERE "organizationId" = ${organizationId}::uuid AND "deletedAt" IS NOT NULL))`;

/** SQL: the cluster in `column` is one of the scope's teams' (always true for an organisation-wide scope). */
export const ofScopeTeams = (column: Prisma.Sql, scope: Scope): Prisma.Sql =>
  scope.teamIds === null
    ? Prisma.sql`TRUE`
    : Prisma.sql`${column} = ANY(ARRAY(
        SELECT id FROM "Cluster" WHERE "organizationId" = ${scope.organizationId}::uuid AND "teamId" = ANY(${[...scope.teamIds]}::uuid[])))`;

@Injectable()
export class ClustersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the cluster and its first agent token together; null when the name is taken by a live cluster. */
  async createWithToken(
    tx: Tx,
    organizationId: OrgScope,
    name: string,
    teamId: string | null,
    token: { prefix: string; hash: string },
  ) {
    try {
      return await tx.cluster.create({
        data: { organizationId, name, teamId, agentTokens: { create: { organizationId, ...token } } },
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
  async rotateToken(
    tx: Tx,
    organizationId: OrgScope,
    clusterId: string,
    token: { prefix: string; hash: string },
    graceUntil: Date,
  ) {
    const cluster = await tx.cluster.findFirst({
      where: { id: clusterId, organizationId, deletedAt: null },
      select: { id: true },
    });
    if (!cluster) return null;
    await tx.agentToken.updateMany({
      where: { clusterId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: graceUntil } }] },
      data: { expiresAt: graceUntil },
    });
    return tx.agentToken.create({ data: { organizationId, clusterId, ...token }, select: { id: true } });
  }

  /** Revokes every token of the cluster at once (a leaked token); false when not this organisation's. */
  async revokeTokens(tx: Tx, organizationId: OrgScope, clusterId: string, at: Date): Promise<boolean> {
    const cluster = await tx.cluster.findFirst({
      where: { id: clusterId, organizationId, deletedAt: null },
      select: { id: true },
    });
    if (!cluster) return false;
    await tx.agentToken.updateMany({ where: { clusterId, revokedAt: null }, data: { revokedAt: at } });
    return true;
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  exists(scope: Scope, id: string): Promise<boolean> {
    return this.prisma.cluster.count({ where: { id, ...visibleClusters(scope), deletedAt: null } }).then((n) => n > 0);
  }

  /** Ids of the live clusters the scope sees. */
  async visibleIds(scope: Scope): Promise<string[]> {
    const rows = await this.prisma.cluster.findMany({
      where: { ...visibleClusters(scope), deletedAt: null },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async assignTeam(organizationId: OrgScope, id: string, teamId: string | null, tx: Tx): Promise<boolean> {
    const n = await tx.cluster.updateMany({ where: { id, organizationId, deletedAt: null }, data: { teamId } });
    return n.count === 1;
  }

  /** The organisation's deleted clusters whose history is not purged yet. */
  async deletedIds(organizationId: OrgScope): Promise<string[]> {
    const rows = await this.prisma.cluster.findMany({
      where: { organizationId, deletedAt: { not: null } },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  list(scope: Scope) {
    return this.prisma.cluster.findMany({
      where: { ...visibleClusters(scope), deletedAt: null },
      orderBy: { name: 'asc' },
    });
  }

  /**
   * The token with this hash and why it is refused (revoked, rotated away past its grace period,
   * its cluster deleted) or null if usable, with what the cluster's newest snapshot held (an
   * agent's every request needs both: one round trip). Raw SQL: it runs on every agent request,
   * and the query builder cost more than the query.
   */
  async findToken(hash: string, now: Date) {
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        clusterId: string;
        organizationId: string;
        lastUsedAt: Date | null;
        refused: 'revoked' | 'expired' | 'cluster deleted' | null;
        newestContentHash: string | null;
        newestAgentVersion: string | null;
      }[]
    >`
      SELECT t.id, t."clusterId", t."organizationId", t."lastUsedAt",
             CASE WHEN c."deletedAt" IS NOT NULL THEN 'cluster deleted'
                  WHEN t."revokedAt" IS NOT NULL THEN 'revoked'
                  WHEN t."expiresAt" <= ${utc(now)} THEN 'expired' END AS refused,
             s."contentHash" AS "newestContentHash", s."agentVersion" AS "newestAgentVersion"
      FROM "AgentToken" t
      JOIN "Cluster" c ON c.id = t."clusterId"
      LEFT JOIN LATERAL (
        SELECT "contentHash", "agentVersion" FROM "Snapshot"
        WHERE "clusterId" = t."clusterId" ORDER BY "collectedAt" DESC LIMIT 1
      ) s ON true
      WHERE t.hash = ${hash}
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
