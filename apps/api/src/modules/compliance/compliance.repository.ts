import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { utc } from '../../infra/prisma/bulk';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { OrgScope } from '../auth/scope';
import { excepted, openAt } from '../findings/findings.repository';
import { historyIdFloor } from '../history/history.repository';
import type { ClusterEvaluation } from './compliance-report';
import type { EvidenceResourceRow } from './evidence/evidence-document';

export interface EvaluationAt extends ClusterEvaluation {
  evaluationId: string;
  collectedAt: Date;
}

export interface AcceptedRiskRow {
  id: string;
  clusterId: string | null;
  ruleId: string | null;
  namespace: string | null;
  resourceKind: string | null;
  resourceName: string | null;
  reason: string;
  owner: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

@Injectable()
export class ComplianceRepository {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  /**
   * Each cluster's newest evaluation collected by `at` (none for a cluster that had none then):
   * one index probe per cluster, on the partitions that can hold it.
   */
  async evaluationsAt(clusterIds: string[], at: Date, keptSince: Date): Promise<EvaluationAt[]> {
    if (clusterIds.length === 0) return [];
    return this.prisma.$queryRaw<EvaluationAt[]>`
      SELECT c.id AS "clusterId", e.id AS "evaluationId", e."collectedAt", e."ruleCounts", e."acceptedCounts", e."notEvaluable", e."ruleErrors"
      FROM unnest(${clusterIds}::uuid[]) AS c(id)
      JOIN LATERAL (
        SELECT id, "collectedAt", "ruleCounts", "acceptedCounts", "notEvaluable", "ruleErrors" FROM "Evaluation"
        WHERE "clusterId" = c.id AND "collectedAt" <= ${utc(at)} AND id >= ${historyIdFloor(this.config, keptSince)}
        ORDER BY "collectedAt" DESC, id DESC LIMIT 1) e ON TRUE`;
  }

  /**
   * For each moment, each cluster's newest evaluation collected by then: a trend's points. One
   * index probe per cluster and moment.
   */
  async evaluationsAtEach(
    clusterIds: string[],
    moments: Date[],
    keptSince: Date,
  ): Promise<(EvaluationAt & { moment: number })[]> {
    if (clusterIds.length === 0 || moments.length === 0) return [];
    const times = moments.map((m) => m.toISOString());
    return this.prisma.$queryRaw<(EvaluationAt & { moment: number })[]>`
      SELECT (m.i - 1)::int AS moment, c.id AS "clusterId", e.id AS "evaluationId", e."collectedAt", e."ruleCounts", e."acceptedCounts",
             e."notEvaluable", e."ruleErrors"
      FROM unnest(${times}::timestamptz[]) WITH ORDINALITY AS m(t, i)
      CROSS JOIN unnest(${clusterIds}::uuid[]) AS c(id)
      JOIN LATERAL (
        SELECT id, "collectedAt", "ruleCounts", "acceptedCounts", "notEvaluable", "ruleErrors" FROM "Evaluation"
        WHERE "clusterId" = c.id AND "collectedAt" <= (m.t AT TIME ZONE 'UTC')
          AND id >= ${historyIdFloor(this.config, keptSince)}
        ORDER BY "collectedAt" DESC, id DESC LIMIT 1) e ON TRUE`;
  }

  /**
   * Per rule, the first `perRule` of its findings open at `at` in these clusters that no exception
   * covered then: most severe first, then by cluster name and resource, in the order the evidence
   * lists them (byte order, as JavaScript compares), so a longer list only adds to a shorter one.
   */
  async failingResources(
    organizationId: OrgScope,
    clusterIds: string[],
    ruleIds: string[],
    at: Date,
    perRule: number,
  ): Promise<EvidenceResourceRow[]> {
    if (clusterIds.length === 0 || ruleIds.length === 0) return [];
    const t = utc(at);
    return this.prisma.$queryRaw<EvidenceResourceRow[]>`
      SELECT x.* FROM unnest(${ruleIds}::text[]) AS r(id)
      CROSS JOIN LATERAL (
        SELECT f.id AS "findingId", f."ruleId", f."clusterId", e.severity::text AS severity, f."resourceKind",
               f."resourceNamespace", f."resourceName", f.container, f.message, f."firstSeenAt"
        FROM "Finding" f
        JOIN "FindingEvent" e ON e."findingId" = f.id
        JOIN "Cluster" c ON c.id = f."clusterId"
        WHERE f."organizationId" = ${organizationId}::uuid AND f."ruleId" = r.id
          AND f."clusterId" = ANY(${clusterIds}::uuid[]) AND ${openAt(t)} AND NOT ${excepted(t)}
        ORDER BY e.severity DESC, c.name COLLATE "C", COALESCE(f."resourceNamespace", '') COLLATE "C",
                 f."resourceKind" COLLATE "C", f."resourceName" COLLATE "C", COALESCE(f.container, '') COLLATE "C", f.id
        LIMIT ${perRule}) x`;
  }

  async organizationName(organizationId: OrgScope): Promise<string> {
    const org = await this.prisma.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { name: true },
    });
    return org.name;
  }

  async exceptions(organizationId: OrgScope, ids: string[]): Promise<AcceptedRiskRow[]> {
    if (ids.length === 0) return [];
    return this.prisma.riskException.findMany({
      where: { organizationId, id: { in: ids } },
      select: {
        id: true,
        clusterId: true,
        ruleId: true,
        namespace: true,
        resourceKind: true,
        resourceName: true,
        reason: true,
        owner: true,
        createdBy: true,
        createdAt: true,
        expiresAt: true,
        revokedAt: true,
      },
      orderBy: { id: 'asc' },
    });
  }
}
