import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Prisma } from '../../generated/prisma/client';
import type { ChangeType, FindingEventType, ResolutionReason, Severity } from '../../generated/prisma/enums';
import { DomainError } from '../../infra/errors';
import { olderThan, pageSize, timeIdCursor, toConnection } from '../../infra/graphql/pagination';
import { isUuid } from '../../infra/ids';
import { uuidFloor } from '../../infra/partitions/partition-plan';
import { utc } from '../../infra/prisma/bulk';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Principal } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import { ofScopeTeams, onLiveCluster } from '../clusters/clusters.repository';
import type { FindingObject } from '../findings/dto/finding.object';
import { toFindingObject } from '../findings/findings.service';
import { findingColumns, type FindingRow } from '../findings/findings.repository';
import {
  TrendBucket,
  type DriftFindingObject,
  type DriftObject,
  type EvaluationConnection,
  type EvaluationObject,
  type FindingEventObject,
  type ObjectChangeConnection,
  type ObjectChangeObject,
  type TrendPointObject,
} from './dto/history.objects';
import type { OrgScope } from '../auth/scope';
import { RetentionService } from '../retention/retention.service';

/** Each list of a drift answer stops at `limit` (default 100, at most 500) and says so. */
export const DRIFT_MAX = 500;
const MAX_TREND_POINTS = 2000;

export class HistoryError extends DomainError {
  static findingNotFound(id: string) {
    return new HistoryError('NOT_FOUND', `Finding ${id} not found.`);
  }
  static window(why: string) {
    return new HistoryError('BAD_USER_INPUT', `from/to: ${why}.`, { field: 'from' });
  }
}

/**
 * The smallest id a history row of time > `from` can have, so that a window reads only the
 * partitions that can hold it: a row's id is made when its snapshot was received or evaluated,
 * never before its time less the clock skew ingest allows (a day more, for a skew changed since).
 */
export function historyIdFloor(config: AppConfig, from: Date): Prisma.Sql {
  const margin = config.ingest.maxClockSkewMs + 86_400_000;
  return Prisma.sql`${uuidFloor(new Date(Math.max(0, from.getTime() - margin)))}::uuid`;
}

interface ChangeRow {
  id: string;
  clusterId: string;
  evaluationId: string;
  at: Date;
  type: ChangeType;
  kind: string;
  namespace: string | null;
  name: string;
  diff: unknown;
}

const toChange = (r: ChangeRow): ObjectChangeObject => ({
  ...r,
  diff: (r.diff as ObjectChangeObject['diff']) ?? [],
});

/**
 * The object change that caused event `e` (null when none), as JSON. A look-up per event, not a
 * join: in drift the planner cannot see that the ranked events are few, and hashed the whole
 * ObjectChange table (100 ms at 168,000 rows).
 */
const CAUSE = Prisma.sql`(SELECT json_build_object(
  'id', c.id, 'clusterId', c."clusterId", 'evaluationId', c."evaluationId", 'at', c.at, 'type', c.type,
  'kind', c.kind, 'namespace', c.namespace, 'name', c.name, 'diff', c.diff)
  FROM "ObjectChange" c WHERE c.id = e."causeChangeId")`;

/** A finding's life, a cluster's drift, evaluations and trend: reads of issue 5's history. */
@Injectable()
export class HistoryRepository {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly clusters: ClustersService,
    private readonly retention: RetentionService,
  ) {}

  /** `from`, or the start of what the organisation keeps if that is later. */
  private async clip(organizationId: OrgScope, from: Date | undefined): Promise<Date> {
    const since = await this.retention.since(organizationId);
    return from && from > since ? from : since;
  }

  private idFloor(from: Date): Prisma.Sql {
    return historyIdFloor(this.config, from);
  }

  /** A finding, unless it was resolved before the history its organisation keeps. */
  async finding(principal: Principal, id: string): Promise<FindingObject> {
    const since = await this.retention.since(principal.organizationId);
    const rows = isUuid(id)
      ? await this.prisma.$queryRaw<FindingRow[]>`
          SELECT ${findingColumns()} FROM "Finding" f
          WHERE f.id = ${id}::uuid AND f."organizationId" = ${principal.organizationId}::uuid
            AND (f."resolvedAt" IS NULL OR f."resolvedAt" >= ${utc(since)})
            AND ${onLiveCluster(Prisma.sql`f."clusterId"`, principal.organizationId)}
            AND ${ofScopeTeams(Prisma.sql`f."clusterId"`, principal)}`
      : [];
    if (!rows[0]) throw HistoryError.findingNotFound(id);
    return toFindingObject(rows[0]);
  }

  /**
   * The finding a grouped one is related to (its cause's primary), if it is still open; null for
   * a primary or a finding alone with its cause. Same cluster, so the same scope as the finding.
   */
  async primary(principal: Principal, finding: FindingObject): Promise<FindingObject | null> {
    if (!finding.primaryFingerprint) return null;
    const rows = await this.prisma.$queryRaw<FindingRow[]>`
      SELECT ${findingColumns()} FROM "Finding" f
      WHERE f."clusterId" = ${finding.clusterId}::uuid AND f.fingerprint = ${finding.primaryFingerprint}
        AND f."organizationId" = ${principal.organizationId}::uuid AND f.status = 'OPEN'
        AND ${ofScopeTeams(Prisma.sql`f."clusterId"`, principal)}`;
    return rows[0] ? toFindingObject(rows[0]) : null;
  }

  /** The open findings of the same cause that name this one their primary, most severe first. */
  async related(principal: Principal, finding: FindingObject, limit: number): Promise<FindingObject[]> {
    const rows = await this.prisma.$queryRaw<FindingRow[]>`
      SELECT ${findingColumns()} FROM "Finding" f
      WHERE f."clusterId" = ${finding.clusterId}::uuid AND f."primaryFingerprint" = ${finding.fingerprint}
        AND f."organizationId" = ${principal.organizationId}::uuid AND f.status = 'OPEN'
        AND ${ofScopeTeams(Prisma.sql`f."clusterId"`, principal)}
      ORDER BY f.severity DESC, f.id
      LIMIT ${limit}`;
    return rows.map(toFindingObject);
  }

  /**
   * A finding's events within what the organisation keeps (and the opening of a period that lasts
   * into it), oldest first, each opening with the change that caused it.
   */
  async events(organizationId: OrgScope, findingId: string): Promise<FindingEventObject[]> {
    const since = await this.retention.since(organizationId);
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        type: FindingEventType;
        reason: ResolutionReason | null;
        severity: Severity;
        at: Date;
        evaluationId: string;
        cause: ChangeRow | null;
      }[]
    >`
      SELECT e.id, e.type::text AS type, e.reason::text AS reason, e.severity::text AS severity, e.at, e."evaluationId",
             ${CAUSE} AS cause
      FROM "FindingEvent" e
      WHERE e."findingId" = ${findingId}::uuid AND e."organizationId" = ${organizationId}::uuid
        AND (e.at >= ${utc(since)}
             -- An opening before what is kept, of a period that lasted into it, is still part of the story.
             OR (e.type IN ('OPENED', 'REOPENED') AND (e."closedAt" IS NULL OR e."closedAt" >= ${utc(since)})))
      ORDER BY e.at, e.id`;
    return rows.map((r) => ({ ...r, cause: r.cause ? toChange({ ...r.cause, at: new Date(r.cause.at) }) : null }));
  }

  async drift(principal: Principal, clusterId: string, from: Date, to: Date, limit = 100): Promise<DriftObject> {
    await this.clusters.assertOwned(principal, clusterId);
    if (!(from < to)) throw HistoryError.window('from must be before to');
    if (!Number.isInteger(limit) || limit < 1 || limit > DRIFT_MAX) {
      throw new HistoryError('BAD_USER_INPUT', `limit: must be between 1 and ${DRIFT_MAX}, got ${limit}.`, {
        field: 'limit',
      });
    }
    // A window reaching back past what the organisation keeps starts where its history does.
    const kept = await this.clip(principal.organizationId, from);
    const [f, t, since] = [utc(kept), utc(to), this.idFloor(kept)];
    const events = await this.prisma.$queryRaw<
      (FindingRow & {
        eventType: FindingEventType;
        eventAt: Date;
        reason: ResolutionReason | null;
        cause: ChangeRow | null;
      })[]
    >`
      WITH picked AS (
        -- The first "limit" (+1, to know whether there are more) of each type, most severe first,
        -- before any join: per type and severity one short index range (clusterId, type,
        -- severity, at), instead of sorting the window's tens of thousands of events.
        SELECT p.*, row_number() OVER (ORDER BY p.type, p.rank, p.at, p.id) AS n
        FROM (VALUES ('OPENED'), ('RESOLVED'), ('REOPENED')) AS t(type)
        CROSS JOIN LATERAL (
          SELECT e."findingId", e.type, e.at, e.reason, e."causeChangeId", e.id, s.rank
          FROM unnest(ARRAY['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO']::"Severity"[]) WITH ORDINALITY AS s(severity, rank)
          CROSS JOIN LATERAL (
            SELECT * FROM "FindingEvent" e
            WHERE e."clusterId" = ${clusterId}::uuid AND e.type = t.type::"FindingEventType" AND e.severity = s.severity
              AND e.at > ${f} AND e.at <= ${t} AND e.id >= ${since}
            ORDER BY e.at, e.id LIMIT ${limit + 1}
          ) e
          ORDER BY s.rank, e.at, e.id LIMIT ${limit + 1}
        ) p
      )
      SELECT ${findingColumns()}, e.type::text AS "eventType", e.at AS "eventAt", e.reason::text AS reason,
             ${CAUSE} AS cause
      FROM picked e
      JOIN "Finding" f ON f.id = e."findingId"
      ORDER BY e.n`;
    // The first "limit" (+1) changes of each type in time order: one index range per type, not a
    // sort of the window's tens of thousands of changes with their diffs.
    const changes = await this.prisma.$queryRaw<ChangeRow[]>`
      SELECT c.* FROM (VALUES ('ADDED'), ('MODIFIED'), ('REMOVED')) AS t(type)
      CROSS JOIN LATERAL (
        SELECT c.id, c."clusterId", c."evaluationId", c.at, c.type::text AS type, c.kind, c.namespace, c.name, c.diff
        FROM "ObjectChange" c
        WHERE c."clusterId" = ${clusterId}::uuid AND c.type = t.type::"ChangeType"
          AND c.at > ${f} AND c.at <= ${t} AND c.id >= ${since}
        ORDER BY c.at, c."objectKey" LIMIT ${limit + 1}
      ) c`;
    // The window's evaluations counted what they changed: a few thousand rows, not every event and change.
    const [counts] = await this.prisma.$queryRaw<DriftObject['counts'][]>`
      SELECT coalesce(sum(opened), 0)::int AS opened, coalesce(sum(resolved), 0)::int AS resolved,
             coalesce(sum(reopened), 0)::int AS reopened, coalesce(sum(added), 0)::int AS added,
             coalesce(sum(modified), 0)::int AS modified, coalesce(sum(removed), 0)::int AS removed
      FROM "Evaluation"
      WHERE "clusterId" = ${clusterId}::uuid AND "collectedAt" > ${f} AND "collectedAt" <= ${t} AND id >= ${since}`;
    let truncated = false;
    const cut = <T>(list: T[]): T[] => {
      if (list.length > limit) truncated = true;
      return list.slice(0, limit);
    };
    const findings = (type: FindingEventType): DriftFindingObject[] =>
      cut(events.filter((e) => e.eventType === type)).map((e) => ({
        at: e.eventAt,
        finding: toFindingObject(e),
        reason: e.reason,
        cause: e.cause ? toChange({ ...e.cause, at: new Date(e.cause.at) }) : null,
      }));
    const objects = (type: ChangeType) => cut(changes.filter((c) => c.type === type)).map(toChange);
    return {
      from,
      to,
      opened: findings('OPENED'),
      resolved: findings('RESOLVED'),
      reopened: findings('REOPENED'),
      added: objects('ADDED'),
      modified: objects('MODIFIED'),
      removed: objects('REMOVED'),
      counts: counts!,
      truncated,
    };
  }

  async objectChanges(
    principal: Principal,
    clusterId: string,
    args: { from?: Date; to?: Date; first?: number; after?: string },
  ): Promise<ObjectChangeConnection> {
    await this.clusters.assertOwned(principal, clusterId);
    const limit = pageSize(args.first);
    const cursor = timeIdCursor(args.after, 'changes');
    const kept = await this.clip(principal.organizationId, args.from);
    const where = [Prisma.sql`c."clusterId" = ${clusterId}::uuid`, Prisma.sql`c.at > ${utc(kept)}`];
    // Newest first, a page is the newest partition's: bounding the id pays only for a window.
    if (args.from) where.push(Prisma.sql`c.id >= ${this.idFloor(kept)}`);
    if (args.to) where.push(Prisma.sql`c.at <= ${utc(args.to)}`);
    if (cursor) {
      const at = utc(cursor.at);
      where.push(Prisma.sql`(c.at < ${at} OR (c.at = ${at} AND c.id < ${cursor.id}::uuid))`);
    }
    const rows = await this.prisma.$queryRaw<ChangeRow[]>`
      SELECT c.id, c."clusterId", c."evaluationId", c.at, c.type::text AS type, c.kind, c.namespace, c.name, c.diff
      FROM "ObjectChange" c WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY c.at DESC, c.id DESC LIMIT ${limit + 1}`;
    return toConnection(rows, limit, 'changes', (r) => [r.at.toISOString(), r.id], toChange);
  }

  async evaluations(
    principal: Principal,
    clusterId: string,
    args: { first?: number; after?: string },
  ): Promise<EvaluationConnection> {
    await this.clusters.assertOwned(principal, clusterId);
    const limit = pageSize(args.first);
    const cursor = timeIdCursor(args.after, 'evaluations');
    const since = await this.retention.since(principal.organizationId);
    const rows = await this.prisma.evaluation.findMany({
      where: {
        clusterId,
        collectedAt: { gte: since },
        ...olderThan('collectedAt', cursor),
      },
      orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return toConnection(rows, limit, 'evaluations', (r) => [r.collectedAt.toISOString(), r.id], toEvaluation);
  }

  async trend(
    principal: Principal,
    clusterId: string,
    from: Date,
    to: Date,
    bucket: TrendBucket,
  ): Promise<TrendPointObject[]> {
    await this.clusters.assertOwned(principal, clusterId);
    if (!(from < to)) throw HistoryError.window('from must be before to');
    from = await this.clip(principal.organizationId, from);
    // A fixed word, not input: inlined so DISTINCT ON and ORDER BY are the same expression.
    const unit = Prisma.raw(bucket === TrendBucket.HOUR ? "'hour'" : "'day'");
    const rows =
      bucket === TrendBucket.EVALUATION
        ? await this.prisma.$queryRaw<TrendRow[]>`
            SELECT "collectedAt" AS at, NULL::timestamp AS bucket, score, critical, high, medium, low, info
            FROM "Evaluation" WHERE "clusterId" = ${clusterId}::uuid
              AND "collectedAt" > ${utc(from)} AND "collectedAt" <= ${utc(to)} AND id >= ${this.idFloor(from)}
            ORDER BY "collectedAt" LIMIT ${MAX_TREND_POINTS}`
        : await this.prisma.$queryRaw<TrendRow[]>`
            SELECT DISTINCT ON (date_trunc(${unit}, "collectedAt")) date_trunc(${unit}, "collectedAt") AS bucket,
                   "collectedAt" AS at, score, critical, high, medium, low, info
            FROM "Evaluation" WHERE "clusterId" = ${clusterId}::uuid
              AND "collectedAt" > ${utc(from)} AND "collectedAt" <= ${utc(to)} AND id >= ${this.idFloor(from)}
            ORDER BY date_trunc(${unit}, "collectedAt"), "collectedAt" DESC LIMIT ${MAX_TREND_POINTS}`;
    return rows.map((r) => ({
      at: r.at,
      bucket: r.bucket,
      score: r.score,
      counts: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info },
    }));
  }
}

interface TrendRow {
  at: Date;
  bucket: Date | null;
  score: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

function toEvaluation(r: {
  id: string;
  clusterId: string;
  collectedAt: Date;
  evaluatedAt: Date;
  durationMs: number;
  score: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  opened: number;
  resolved: number;
  reopened: number;
  notEvaluable: unknown;
  ruleErrors: unknown;
}): EvaluationObject {
  const notes = (v: unknown, key: 'reason' | 'message') =>
    ((v as { ruleId: string; reason?: string; message?: string }[]) ?? []).map((n) => ({
      ruleId: n.ruleId,
      message: n[key] ?? '',
    }));
  return {
    id: r.id,
    clusterId: r.clusterId,
    collectedAt: r.collectedAt,
    evaluatedAt: r.evaluatedAt,
    durationMs: r.durationMs,
    score: r.score,
    counts: { critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info },
    opened: r.opened,
    resolved: r.resolved,
    reopened: r.reopened,
    notEvaluable: notes(r.notEvaluable, 'reason'),
    ruleErrors: notes(r.ruleErrors, 'message'),
  };
}
