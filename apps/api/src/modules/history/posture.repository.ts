import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Prisma } from '../../generated/prisma/client';
import { utc } from '../../infra/prisma/bulk';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Principal } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import { RetentionService } from '../retention/retention.service';
import type { PostureDayObject, PostureOverviewObject } from './dto/posture.objects';
import { HistoryError, historyIdFloor } from './history.repository';
import { byNeed, NO_FINDINGS, rollUp, type RuleCounts, topRules } from './posture';

interface CountsRow {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

const counts = (r: CountsRow) => ({ critical: r.critical, high: r.high, medium: r.medium, low: r.low, info: r.info });

/** The organisation at a glance: what the console's overview shows, in one request. */
@Injectable()
export class PostureRepository {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly clusters: ClustersService,
    private readonly retention: RetentionService,
  ) {}

  async overview(
    principal: Principal,
    trendDays: number,
    changesHours: number,
    topRuleCount: number,
  ): Promise<PostureOverviewObject> {
    if (!Number.isInteger(topRuleCount) || topRuleCount < 1 || topRuleCount > 100)
      throw HistoryError.window('topRules must be 1 to 100');
    if (!Number.isInteger(trendDays) || trendDays < 1 || trendDays > 366)
      throw HistoryError.window('trendDays must be 1 to 366');
    if (!Number.isInteger(changesHours) || changesHours < 1 || changesHours > 24 * 31)
      throw HistoryError.window('changesHours must be 1 to 744');
    const kept = await this.retention.since(principal.organizationId);
    const now = Date.now();
    const latest = (a: Date, b: Date) => (a > b ? a : b);
    const changesSince = latest(new Date(now - changesHours * 3_600_000), kept);
    const trendFrom = latest(new Date(now - (trendDays - 1) * 86_400_000), kept);
    const clusters = await this.clusters.list(principal);
    const ids = clusters.map((c) => c.id);
    const evaluationIds = clusters.map((c) => c.lastEvaluationId).filter((id): id is string => id !== null);
    const [newest, changes, trend] = await Promise.all([
      this.prisma.$queryRaw<
        (CountsRow & { clusterId: string; score: number; evaluatedAt: Date; ruleCounts: RuleCounts })[]
      >`
        SELECT "clusterId", score, critical, high, medium, low, info, "evaluatedAt", "ruleCounts"
        FROM "Evaluation" WHERE id = ANY(${evaluationIds}::uuid[])`,
      this.prisma.$queryRaw<{ opened: number; resolved: number; reopened: number }[]>`
        SELECT COALESCE(sum(opened), 0)::int AS opened, COALESCE(sum(resolved), 0)::int AS resolved,
               COALESCE(sum(reopened), 0)::int AS reopened
        FROM "Evaluation" WHERE "clusterId" = ANY(${ids}::uuid[])
          AND "collectedAt" > ${utc(changesSince)} AND id >= ${this.idFloor(changesSince)}`,
      this.trend(ids, trendFrom, kept),
    ]);
    const byCluster = new Map(newest.map((e) => [e.clusterId, e]));
    const postures = clusters
      .map((cluster) => {
        const e = byCluster.get(cluster.id);
        return {
          cluster,
          name: cluster.name,
          score: e?.score ?? null,
          counts: e ? counts(e) : NO_FINDINGS,
          lastEvaluatedAt: e?.evaluatedAt ?? null,
        };
      })
      .sort(byNeed);
    const { score, counts: total } = rollUp(postures);
    return {
      score,
      counts: total,
      clusters: postures,
      changes: { since: changesSince, ...changes[0]! },
      trend,
      topRules: topRules(
        newest.map((e) => e.ruleCounts),
        topRuleCount,
      ),
    };
  }

  /**
   * Each day's end state: every cluster's newest evaluation by the end of that day (carried over
   * days it reported nothing new), averaged. One index probe per cluster and day.
   */
  private async trend(clusterIds: string[], from: Date, kept: Date): Promise<PostureDayObject[]> {
    if (clusterIds.length === 0) return [];
    const rows = await this.prisma.$queryRaw<(CountsRow & { day: Date; score: number; clusters: number })[]>`
      SELECT d.day, avg(e.score)::float AS score, count(*)::int AS clusters,
             sum(e.critical)::int AS critical, sum(e.high)::int AS high, sum(e.medium)::int AS medium,
             sum(e.low)::int AS low, sum(e.info)::int AS info
      FROM generate_series(date_trunc('day', ${utc(from)}::timestamp), date_trunc('day', (now() AT TIME ZONE 'UTC')), interval '1 day') AS d(day)
      CROSS JOIN unnest(${clusterIds}::uuid[]) AS c(id)
      JOIN LATERAL (
        SELECT score, critical, high, medium, low, info FROM "Evaluation"
        WHERE "clusterId" = c.id AND "collectedAt" < d.day + interval '1 day' AND "collectedAt" >= ${utc(kept)}
          AND id >= ${this.idFloor(kept)}
        ORDER BY "collectedAt" DESC LIMIT 1) e ON TRUE
      GROUP BY d.day ORDER BY d.day`;
    return rows.map((r) => ({
      day: r.day,
      score: Math.round(r.score * 10) / 10,
      counts: counts(r),
      clusters: r.clusters,
    }));
  }

  private idFloor(from: Date): Prisma.Sql {
    return historyIdFloor(this.config, from);
  }
}
