import { Injectable } from '@nestjs/common';
import { FRAMEWORKS, RULES } from '@kubeward/rules';
import { isUuid } from '../../infra/ids';
import { decodeCursor, pageSize, toConnection } from '../../infra/graphql/pagination';
import type { Principal } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import type { FindingConnection } from './dto/finding.connection';
import type { FindingObject } from './dto/finding.object';
import {
  FindingGroupBy,
  FindingOrderField,
  SortDirection,
  type FindingFilter,
  type FindingOrder,
} from './dto/finding-query.input';
import type { FindingGroupsObject } from './dto/finding-group.object';
import { foldByPractice, rankGroups } from './finding-groups';
import { RetentionService } from '../retention/retention.service';
import { FindingsError } from './findings.errors';
import { type FindingQuery, type FindingRow, FindingsRepository } from './findings.repository';

const AREAS = new Set(RULES.map((r) => r.area));
const PRACTICES = new Set(RULES.map((r) => r.practice));
const RULE_IDS = new Set(RULES.map((r) => r.id));
const FRAMEWORK_IDS = new Set(FRAMEWORKS.map((f) => f.id));
const PRACTICE_OF = new Map(RULES.map((r) => [r.id, r.practice]));
const MAX_GROUPS = 500;

/** A connection, with what its lazily counted `totalCount` needs. */
export type FindingPage = Omit<FindingConnection, 'totalCount'> & { query: FindingQuery };

export function toFindingObject(r: FindingRow): FindingObject {
  return {
    id: r.id,
    clusterId: r.clusterId,
    fingerprint: r.fingerprint,
    ruleId: r.ruleId,
    severity: r.severity,
    status: r.status,
    resource: { kind: r.resourceKind, namespace: r.resourceNamespace, name: r.resourceName },
    container: r.container,
    message: r.message,
    paths: r.paths as string[],
    platform: r.platform,
    firstSeenAt: r.firstSeenAt,
    resolvedAt: r.resolvedAt,
    resolutionReason: r.resolutionReason,
    reopenCount: r.reopenCount,
    excepted: r.excepted,
    primaryFingerprint: r.primaryFingerprint,
  };
}

@Injectable()
export class FindingsService {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly retention: RetentionService,
    private readonly clusters: ClustersService,
  ) {}

  /** The filter checked, narrowed to what the caller may see, and how far back history goes. */
  private async prepare(principal: Principal, given: FindingFilter | undefined, at: Date | undefined) {
    const filter = { ...given };
    // Only a look back (a past time, resolved findings) reads history, so only it asks how far back
    // the organisation keeps: the open-now page, the hot one, makes no extra round trip.
    const keptSince =
      at || filter.status === 'RESOLVED' ? await this.retention.since(principal.organizationId) : undefined;
    await this.check(principal, filter, at, keptSince);
    // A team's member asks about their teams' clusters, whether they name them or not.
    if (principal.teamIds !== null && !filter.clusterIds) filter.clusterIds = await this.clusters.visibleIds(principal);
    return { filter, keptSince };
  }

  async page(
    principal: Principal,
    args: { filter?: FindingFilter; at?: Date; orderBy?: FindingOrder; first?: number; after?: string },
  ): Promise<FindingPage> {
    const { filter, keptSince } = await this.prepare(principal, args.filter, args.at);
    const field = args.orderBy?.field ?? FindingOrderField.SEVERITY;
    const defaultDirection =
      field === FindingOrderField.SEVERITY || field === FindingOrderField.FIRST_SEEN
        ? SortDirection.DESC
        : SortDirection.ASC;
    const query: FindingQuery = {
      organizationId: principal.organizationId,
      filter,
      at: args.at,
      order: { field, direction: args.orderBy?.direction ?? defaultDirection },
      keptSince,
    };
    const limit = pageSize(args.first);
    const keys = this.findings.sortKeys(query);
    const ordering = `${field}:${query.order.direction}:${args.at ? 'at' : 'now'}`;
    const cursor = args.after
      ? decodeCursor(
          args.after,
          ordering,
          keys.map((k) => k.valid),
        )
      : undefined;
    const rows = await this.findings.page(query, limit + 1, cursor);
    const page = toConnection(rows, limit, ordering, (row) => keys.map((k) => k.value(row)), toFindingObject);
    return { ...page, query };
  }

  /** The findings of a filter in groups, most severe first: the first `first` (1 to 500, 50 by default). */
  async groups(
    principal: Principal,
    args: { filter?: FindingFilter; at?: Date; by: FindingGroupBy; first?: number },
  ): Promise<FindingGroupsObject> {
    const first = args.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_GROUPS)
      throw FindingsError.badFilter('first', `must be 1 to ${MAX_GROUPS}`);
    const { filter, keptSince } = await this.prepare(principal, args.filter, args.at);
    const query: FindingQuery = {
      organizationId: principal.organizationId,
      filter,
      at: args.at,
      order: { field: FindingOrderField.SEVERITY, direction: SortDirection.DESC },
      keptSince,
    };
    if (args.by !== FindingGroupBy.PRACTICE) {
      const found = await this.findings.groups(query, args.by, first);
      return { ...found, groups: rankGroups(found.groups) };
    }
    // Practices are the catalogue's, not columns: group by rule (at most one group per rule), then fold.
    const byRule = await this.findings.groups(query, FindingGroupBy.RULE, RULE_IDS.size);
    const byPractice = rankGroups(foldByPractice(byRule.groups, (id) => PRACTICE_OF.get(id)));
    return { groups: byPractice.slice(0, first), totalGroups: byPractice.length, totalFindings: byRule.totalFindings };
  }

  count(page: FindingPage): Promise<number> {
    return this.findings.count(page.query);
  }

  /** Input problems name their field; another organisation's cluster is NOT_FOUND like a missing one. */
  private async check(
    principal: Principal,
    filter: FindingFilter,
    at: Date | undefined,
    keptSince: Date | undefined,
  ): Promise<void> {
    const unknown = (field: string, values: string[] | undefined, known: Set<string>) => {
      const bad = values?.filter((v) => !known.has(v)) ?? [];
      if (bad.length > 0)
        throw FindingsError.badFilter(field, `unknown value(s) ${bad.map((b) => `"${b}"`).join(', ')}`);
    };
    unknown('filter.areas', filter.areas, AREAS);
    unknown('filter.practices', filter.practices, PRACTICES);
    unknown('filter.ruleIds', filter.ruleIds, RULE_IDS);
    unknown('filter.frameworks', filter.frameworks, FRAMEWORK_IDS);
    if (filter.resourceName !== undefined && filter.resourceName !== null && filter.resourceName.length > 253)
      throw FindingsError.badFilter('filter.resourceName', 'is longer than a Kubernetes name can be (253)');
    if (at && filter.status === 'RESOLVED') {
      throw FindingsError.badFilter('filter.status', 'with `at`, the answer is what was OPEN at that time');
    }
    if (at && at.getTime() > Date.now() + 60_000) throw FindingsError.badFilter('at', 'is in the future');
    if (at && keptSince && at < keptSince) {
      throw FindingsError.badFilter(
        'at',
        `is before the history the organisation keeps (from ${keptSince.toISOString()}; see organizationSettings.historyRetentionDays)`,
      );
    }
    if (filter.clusterIds) {
      const owned = await this.findings.ownedClusters(principal, filter.clusterIds.filter(isUuid));
      const missing = filter.clusterIds.find((id) => !owned.has(id));
      if (missing) throw FindingsError.clusterNotFound(missing);
    }
  }
}
