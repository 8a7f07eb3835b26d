import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import type { DeletionKind } from '../../generated/prisma/enums';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { PurgeStage } from './purge-plan';
import type { OrgScope } from '../auth/scope';

type ClusterStage = Extract<PurgeStage, { scope: 'cluster' }>;
type OrganizationStage = Extract<PurgeStage, { scope: 'organization' }>;

/** Why an endpoint limited to deleted clusters was disabled (checked when it is enabled again). */
export const CLUSTERS_DELETED = 'every cluster it was limited to was deleted';

/** The database's clock in the UTC wall time the columns hold: leases never trust a worker's clock. */
const NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

export interface DeletionRow {
  id: string;
  kind: DeletionKind;
  organizationId: string;
  clusterId: string | null;
  name: string;
  requestedAt: Date;
  requestedBy: string;
  stage: string | null;
  rowsDeleted: bigint;
  startedAt: Date | null;
  attempts: number;
  lastError: string | null;
  finishedAt: Date | null;
}

/** A claimed deletion: this worker owns it while it renews the lease. */
export interface Claim {
  id: string;
  kind: DeletionKind;
  organizationId: string;
  clusterId: string | null;
  owner: string;
}

/**
 * Ids of a cluster's rows in a table, by the cluster (and its organisation where that is what the
 * index leads with). Table names come from purge-plan.ts only, never from input.
 */
function clusterRows(
  table: ClusterStage['table'],
  organizationId: string,
  clusterId: string,
  limit: number,
): Prisma.Sql {
  const c = Prisma.sql`${clusterId}::uuid`;
  const o = Prisma.sql`${organizationId}::uuid`;
  switch (table) {
    case 'WebhookDeliveryAttempt':
      return Prisma.sql`SELECT a.id FROM "WebhookEvent" e
        CROSS JOIN LATERAL (SELECT id FROM "WebhookDelivery" WHERE "eventId" = e.id LIMIT ${limit}) d
        CROSS JOIN LATERAL (SELECT id FROM "WebhookDeliveryAttempt" WHERE "deliveryId" = d.id LIMIT ${limit}) a
        WHERE e."organizationId" = ${o} AND e."clusterId" = ${c} LIMIT ${limit}`;
    case 'WebhookDelivery':
      // Each event's deliveries by its index (a LATERAL with a LIMIT is never flattened into a
      // join): not a join over all deliveries, whatever the statistics say.
      return Prisma.sql`SELECT d.id FROM "WebhookEvent" e
        CROSS JOIN LATERAL (SELECT id FROM "WebhookDelivery" WHERE "eventId" = e.id LIMIT ${limit}) d
        WHERE e."organizationId" = ${o} AND e."clusterId" = ${c} LIMIT ${limit}`;
    case 'WebhookEvent':
    case 'RiskException':
      return Prisma.sql`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE "organizationId" = ${o} AND "clusterId" = ${c} LIMIT ${limit}`;
    case 'SnapshotPayload':
      return Prisma.sql`SELECT "snapshotId" FROM "SnapshotPayload" WHERE "clusterId" = ${c} LIMIT ${limit}`;
    case 'Cluster':
      return Prisma.sql`SELECT id FROM "Cluster" WHERE id = ${c} AND "deletedAt" IS NOT NULL`;
    default:
      return Prisma.sql`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE "clusterId" = ${c} LIMIT ${limit}`;
  }
}

/** The column a stage's ids are matched on, where it is not `id`. */
const PURGE_KEY: Partial<Record<string, string>> = {
  SnapshotPayload: '"snapshotId"',
  TeamMember: '"membershipId"',
  IdentityProvider: '"organizationId"',
};

/** Ids of an organisation's own rows in a table (its clusters are gone by then). */
function organizationRows(table: OrganizationStage['table'], organizationId: string, limit: number): Prisma.Sql {
  const o = Prisma.sql`${organizationId}::uuid`;
  switch (table) {
    case 'WebhookDeliveryAttempt':
      return Prisma.sql`SELECT a.id FROM "WebhookEndpoint" p
        CROSS JOIN LATERAL (SELECT id FROM "WebhookDelivery" WHERE "endpointId" = p.id LIMIT ${limit}) d
        CROSS JOIN LATERAL (SELECT id FROM "WebhookDeliveryAttempt" WHERE "deliveryId" = d.id LIMIT ${limit}) a
        WHERE p."organizationId" = ${o} LIMIT ${limit}`;
    case 'WebhookDelivery':
      return Prisma.sql`SELECT d.id FROM "WebhookEndpoint" p
        CROSS JOIN LATERAL (SELECT id FROM "WebhookDelivery" WHERE "endpointId" = p.id LIMIT ${limit}) d
        WHERE p."organizationId" = ${o} LIMIT ${limit}`;
    case 'Deletion':
      return Prisma.sql`SELECT id FROM "Deletion" WHERE "organizationId" = ${o} AND kind = 'CLUSTER' LIMIT ${limit}`;
    case 'TeamMember':
      // By membership (the key below): a member's few team rows go together.
      return Prisma.sql`SELECT m.id FROM "Membership" m
        WHERE m."organizationId" = ${o} AND EXISTS (SELECT 1 FROM "TeamMember" t WHERE t."membershipId" = m.id) LIMIT ${limit}`;
    case 'IdentityProvider':
      return Prisma.sql`SELECT "organizationId" FROM "IdentityProvider" WHERE "organizationId" = ${o}`;
    case 'Organization':
      return Prisma.sql`SELECT id FROM "Organization" WHERE id = ${o} AND "deletedAt" IS NOT NULL`;
    default:
      return Prisma.sql`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE "organizationId" = ${o} LIMIT ${limit}`;
  }
}

@Injectable()
export class DeletionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Hides the cluster at once, in the caller's transaction: marked deleted (every read and the
   * evaluator skip it) and no team's any more (the team may go), its tokens revoked, webhook endpoints limited to it narrowed (one left with
   * no cluster is disabled, never widened to all), and its purge queued. Waits for an evaluation
   * of the cluster in progress (its lock), so none writes after. Its name, or null if none.
   */
  async hideCluster(tx: Tx, organizationId: OrgScope, clusterId: string, requestedBy: string): Promise<string | null> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${clusterId}, 0))`;
    const rows = await tx.$queryRaw<{ name: string }[]>`
      UPDATE "Cluster" SET "deletedAt" = ${NOW}, "teamId" = NULL
      WHERE id = ${clusterId}::uuid AND "organizationId" = ${organizationId}::uuid AND "deletedAt" IS NULL
      RETURNING name`;
    const name = rows[0]?.name;
    if (name === undefined) return null;
    await tx.$executeRaw`
      UPDATE "AgentToken" SET "revokedAt" = ${NOW} WHERE "clusterId" = ${clusterId}::uuid AND "revokedAt" IS NULL`;
    await tx.$executeRaw`
      UPDATE "WebhookEndpoint" e SET
        "clusterIds" = array_remove(e."clusterIds", ${clusterId}::uuid),
        enabled = e.enabled AND cardinality(e."clusterIds") > 1,
        "disabledReason" = CASE WHEN e.enabled AND cardinality(e."clusterIds") = 1
                                THEN ${CLUSTERS_DELETED} ELSE e."disabledReason" END,
        "disabledAt" = CASE WHEN e.enabled AND cardinality(e."clusterIds") = 1 THEN ${NOW} ELSE e."disabledAt" END
      WHERE e."organizationId" = ${organizationId}::uuid AND ${clusterId}::uuid = ANY(e."clusterIds")`;
    await tx.deletion.create({ data: { kind: 'CLUSTER', organizationId, clusterId, name, requestedBy } });
    return name;
  }

  /**
   * Hides the organisation at once: marked deleted with all its clusters, its API keys and agent
   * tokens revoked, its webhook endpoints disabled, its purge queued. Null when there is no such
   * (live) organisation.
   */
  hideOrganization(organizationId: string, requestedBy: string): Promise<DeletionRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ name: string }[]>`
        UPDATE "Organization" SET "deletedAt" = ${NOW}
        WHERE id = ${organizationId}::uuid AND "deletedAt" IS NULL RETURNING name`;
      const name = rows[0]?.name;
      if (name === undefined) return null;
      const clusters = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Cluster" WHERE "organizationId" = ${organizationId}::uuid ORDER BY id`;
      // In one order, one lock at a time held by evaluations: no deadlock with them.
      for (const c of clusters) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${c.id}, 0))`;
      await tx.$executeRaw`
        UPDATE "Cluster" SET "deletedAt" = ${NOW} WHERE "organizationId" = ${organizationId}::uuid AND "deletedAt" IS NULL`;
      await tx.$executeRaw`
        UPDATE "AgentToken" t SET "revokedAt" = ${NOW} FROM "Cluster" c
        WHERE c."organizationId" = ${organizationId}::uuid AND t."clusterId" = c.id AND t."revokedAt" IS NULL`;
      await tx.$executeRaw`
        UPDATE "ApiKey" SET "revokedAt" = ${NOW} WHERE "organizationId" = ${organizationId}::uuid AND "revokedAt" IS NULL`;
      // Its members stay signed in, acting in no organisation until they switch to another.
      await tx.$executeRaw`UPDATE "Session" SET "organizationId" = NULL WHERE "organizationId" = ${organizationId}::uuid`;
      await tx.$executeRaw`
        UPDATE "WebhookEndpoint" SET enabled = false, "disabledReason" = 'the organisation was deleted', "disabledAt" = ${NOW}
        WHERE "organizationId" = ${organizationId}::uuid AND enabled`;
      return tx.deletion.create({ data: { kind: 'ORGANIZATION', organizationId, name, requestedBy } });
    });
  }

  /**
   * Takes the oldest unfinished deletion no live worker owns (never one another worker holds:
   * SKIP LOCKED), leased to `owner` for `leaseMs`.
   */
  async claim(owner: string, leaseMs: number): Promise<Claim | null> {
    const rows = await this.prisma.$queryRaw<Omit<Claim, 'owner'>[]>`
      UPDATE "Deletion" SET "leaseOwner" = ${owner},
        "leaseUntil" = ${NOW} + ${leaseMs} * interval '1 millisecond',
        attempts = attempts + 1, "startedAt" = COALESCE("startedAt", ${NOW})
      WHERE id = (
        SELECT id FROM "Deletion"
        WHERE "finishedAt" IS NULL AND ("leaseUntil" IS NULL OR "leaseUntil" < ${NOW})
        ORDER BY "requestedAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind::text AS kind, "organizationId", "clusterId"`;
    return rows[0] ? { ...rows[0], owner } : null;
  }

  /** The clusters an organisation's purge must remove (all marked deleted with it). */
  async clustersOf(organizationId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Cluster" WHERE "organizationId" = ${organizationId}::uuid ORDER BY id`;
    return rows.map((r) => r.id);
  }

  /**
   * Deletes at most `limit` rows of the stage and records them in the deletion's progress, in one
   * statement; renews the lease. The number deleted, or null when the lease was lost (another
   * worker took the deletion over: this one stops, having deleted nothing).
   */
  async deleteBatch(
    claim: Claim,
    stage: PurgeStage,
    label: string,
    limit: number,
    leaseMs: number,
  ): Promise<number | null> {
    const ids =
      stage.scope === 'cluster'
        ? clusterRows(stage.table, claim.organizationId, stage.clusterId, limit)
        : organizationRows(stage.table, claim.organizationId, limit);
    const table = Prisma.raw(`"${stage.table}"`);
    const key = Prisma.raw(PURGE_KEY[stage.table] ?? 'id');
    const rows = await this.prisma.$queryRaw<{ n: bigint }[]>`
      WITH lease AS (
        SELECT id FROM "Deletion" WHERE id = ${claim.id}::uuid AND "leaseOwner" = ${claim.owner} FOR UPDATE
      ), gone AS (
        -- The batch's ids first (an init plan), then each row by its key: the plan is the same
        -- whatever share of the table the batch is.
        DELETE FROM ${table} WHERE ${key} = ANY(ARRAY(${ids})) AND EXISTS (SELECT 1 FROM lease) RETURNING 1
      )
      UPDATE "Deletion" d SET "rowsDeleted" = d."rowsDeleted" + (SELECT count(*) FROM gone), stage = ${label},
        "leaseUntil" = ${NOW} + ${leaseMs} * interval '1 millisecond'
      FROM lease WHERE d.id = lease.id
      RETURNING (SELECT count(*) FROM gone) AS n`;
    return rows[0] ? Number(rows[0].n) : null;
  }

  async finish(claim: Claim): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "Deletion" SET "finishedAt" = ${NOW}, stage = NULL, "leaseOwner" = NULL, "leaseUntil" = NULL, "lastError" = NULL
      WHERE id = ${claim.id}::uuid AND "leaseOwner" = ${claim.owner}`;
  }

  /** Records why a run failed; the lease is kept until it lapses, which is the back-off before a retry. */
  async fail(claim: Claim, error: string, leaseMs: number): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "Deletion" SET "lastError" = ${error.slice(0, 500)},
        "leaseUntil" = ${NOW} + ${leaseMs} * interval '1 millisecond'
      WHERE id = ${claim.id}::uuid AND "leaseOwner" = ${claim.owner}`;
  }

  /** Gives the deletion back (the worker is stopping): another takes it over at once. */
  async release(claim: Claim): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "Deletion" SET "leaseOwner" = NULL, "leaseUntil" = NULL
      WHERE id = ${claim.id}::uuid AND "leaseOwner" = ${claim.owner}`;
  }

  /** Forgets finished cluster deletions older than `before` (they name clusters no longer there). */
  async forgetFinished(before: Date): Promise<number> {
    return this.prisma.deletion
      .deleteMany({ where: { kind: 'CLUSTER', finishedAt: { lt: before } } })
      .then((r) => r.count);
  }

  /** The organisation's cluster deletions, newest first. */
  listForOrganization(organizationId: OrgScope, limit: number): Promise<DeletionRow[]> {
    return this.prisma.deletion.findMany({
      where: { organizationId, kind: 'CLUSTER' },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  find(id: string): Promise<DeletionRow | null> {
    return this.prisma.deletion.findUnique({ where: { id } });
  }
}
