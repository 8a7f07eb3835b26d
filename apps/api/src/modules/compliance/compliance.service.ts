import { Injectable } from '@nestjs/common';
import { isUuid } from '../../infra/ids';
import type { Principal } from '../auth/principal';
import { ClustersService } from '../clusters/clusters.service';
import { RetentionService } from '../retention/retention.service';
import { acceptedAsOf, activeAt, assessClusters, type ClusterEvaluation, trendMoments } from './compliance-report';
import type { AcceptedRiskObject, ComplianceReportObject, ControlDayObject } from './compliance.objects';
import type { ComplianceSummary } from '@kubeward/rules';
import { type AcceptedRiskRow, ComplianceRepository } from './compliance.repository';
import { ComplianceError } from './compliance.errors';
import { findFramework } from './frameworks';
import { evidenceDocument, type EvidenceDocument } from './evidence/evidence-document';

const MAX_CLUSTERS = 500;
/**
 * Failing resources an export lists per control: enough to act on and to sample, bounded so that
 * a PDF stays a document; the rest are a findings query away (and counted in the export).
 */
export const RESOURCES_PER_CONTROL = 100;

/** What an exception covers, in words. */
export function exceptionScope(x: AcceptedRiskRow, clusterName: (id: string) => string): string {
  const parts = [
    x.clusterId && `cluster ${clusterName(x.clusterId)}`,
    x.ruleId && `rule ${x.ruleId}`,
    x.namespace && `namespace ${x.namespace}`,
    (x.resourceKind || x.resourceName) && `${x.resourceKind ?? 'any kind'} ${x.resourceName ?? '(any name)'}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'every finding';
}

@Injectable()
export class ComplianceService {
  constructor(
    private readonly repository: ComplianceRepository,
    private readonly clusters: ClustersService,
    private readonly retention: RetentionService,
  ) {}

  /** The framework, the clusters the caller may see (or named), and how far back history goes. */
  private async scope(principal: Principal, args: { framework: string; clusterIds?: string[]; at?: Date }) {
    const framework = findFramework(args.framework);
    const now = new Date();
    if (args.at && args.at.getTime() > now.getTime() + 60_000) throw ComplianceError.bad('at', 'is in the future');
    const keptSince = await this.retention.since(principal.organizationId, now);
    if (args.at && args.at < keptSince) {
      throw ComplianceError.bad(
        'at',
        `is before the history the organisation keeps (from ${keptSince.toISOString()}; see organizationSettings.historyRetentionDays)`,
      );
    }
    if (args.clusterIds && args.clusterIds.length > MAX_CLUSTERS)
      throw ComplianceError.bad('clusterIds', `at most ${MAX_CLUSTERS}`);
    const visible = await this.clusters.list(principal);
    const byId = new Map(visible.map((c) => [c.id, c]));
    const missing = args.clusterIds?.find((id) => !isUuid(id) || !byId.has(id));
    if (missing !== undefined) throw new ComplianceError('NOT_FOUND', `Cluster ${missing.slice(0, 100)} not found.`);
    const clusters = args.clusterIds ? [...new Set(args.clusterIds)].map((id) => byId.get(id)!) : visible;
    return { framework, now, keptSince, clusters, byId };
  }

  /**
   * A framework over the caller's clusters (or those named) at a moment: each cluster as its
   * newest evaluation by then left it, exceptions as they stood then.
   */
  async report(
    principal: Principal,
    args: { framework: string; clusterIds?: string[]; at?: Date },
  ): Promise<ComplianceReportObject> {
    const { framework, now, keptSince, clusters, byId } = await this.scope(principal, args);
    const at = args.at ?? now;
    const found = await this.repository.evaluationsAt(
      clusters.map((c) => c.id),
      at,
      keptSince,
    );
    const exceptions = await this.exceptionsOf(principal, found);
    const evaluations = found.map((e) =>
      acceptedAsOf(e, (id) => exceptions.has(id) && activeAt(exceptions.get(id)!, at)),
    );
    const evaluated = new Map(evaluations.map((e) => [e.clusterId, e]));
    const assessed = assessClusters(framework.source, evaluations);
    const name = (id: string) => byId.get(id)?.name ?? id;
    const risks = new Map<string, AcceptedRiskObject>(
      [...exceptions.values()].map((x) => [
        x.id,
        {
          id: x.id,
          reason: x.reason,
          owner: x.owner,
          createdBy: x.createdBy,
          createdAt: x.createdAt,
          expiresAt: x.expiresAt,
          scope: exceptionScope(x, name),
        },
      ]),
    );
    const controlObjects = new Map(framework.object.controls.map((c) => [c.id, c]));
    // What every control's `history` shares, so a report asking it of each control computes it once.
    const report = { framework: args.framework, clusterIds: clusters.map((c) => c.id), at };
    return {
      framework: framework.object,
      at,
      summary: assessed.summary,
      clusters: clusters.map((c) => {
        const e = evaluated.get(c.id);
        return {
          clusterId: c.id,
          name: c.name,
          evaluationId: e?.evaluationId ?? null,
          collectedAt: e?.collectedAt ?? null,
          summary: assessed.perCluster.get(c.id) ?? null,
        };
      }),
      controls: assessed.controls.map((c) => ({
        control: controlObjects.get(c.control.id)!,
        status: c.verdict.status,
        reason: c.verdict.reason ?? null,
        failingFindings: c.failing,
        acceptedFindings: c.accepted,
        clusters: c.clusters.map((x) => ({
          clusterId: x.clusterId,
          status: x.verdict.status,
          reason: x.verdict.reason ?? null,
          failingFindings: x.failing,
          acceptedFindings: x.accepted,
        })),
        acceptedRisks: c.exceptionIds.flatMap((id) => risks.get(id) ?? []),
        evidenceOf: { clusterIds: [...evaluated.keys()], ruleIds: [...c.rules], at: args.at },
        report,
      })),
    };
  }

  /** A report with the resources that fail its controls, as the exports render it. */
  async evidence(
    principal: Principal,
    args: { framework: string; clusterIds?: string[]; at?: Date },
  ): Promise<EvidenceDocument> {
    const report = await this.report(principal, args);
    const failingRules = new Set(
      report.controls.filter((c) => c.status === 'FAIL').flatMap((c) => c.control.rules.map((r) => r.id)),
    );
    const [rows, name] = await Promise.all([
      this.repository.failingResources(
        principal.organizationId,
        report.clusters.filter((c) => c.evaluationId).map((c) => c.clusterId),
        [...failingRules],
        report.at,
        RESOURCES_PER_CONTROL,
      ),
      this.repository.organizationName(principal.organizationId),
    ]);
    return evidenceDocument(report, { id: principal.organizationId, name }, rows, RESOURCES_PER_CONTROL);
  }

  /** The exceptions the evaluations name as having covered findings. */
  private async exceptionsOf(principal: Principal, evaluations: ClusterEvaluation[]) {
    const ids = new Set(evaluations.flatMap((e) => Object.values(e.acceptedCounts).flatMap((c) => c.exceptions)));
    const rows = await this.repository.exceptions(principal.organizationId, [...ids]);
    return new Map(rows.map((x) => [x.id, x]));
  }

  /**
   * The framework day by day over `days` days ending at `to` (now by default): each point is the
   * end of a UTC day (the last, `to` itself), judged as `report` judges a moment.
   */
  async trend(
    principal: Principal,
    args: { framework: string; clusterIds?: string[]; to?: Date; days: number },
  ): Promise<ComplianceDay[]> {
    if (!Number.isInteger(args.days) || args.days < 1 || args.days > MAX_DAYS)
      throw ComplianceError.bad('days', `must be 1 to ${MAX_DAYS}`);
    const { framework, now, keptSince, clusters } = await this.scope(principal, { ...args, at: args.to });
    const moments = trendMoments(args.to ?? now, args.days).filter((m) => m >= keptSince);
    const ids = clusters.map((c) => c.id);
    const evaluations = await this.repository.evaluationsAtEach(ids, moments, keptSince);
    const exceptions = await this.exceptionsOf(principal, evaluations);
    const days: ComplianceDay[] = [];
    for (const [i, moment] of moments.entries()) {
      const ofMoment = evaluations
        .filter((e) => e.moment === i)
        .map((e) => acceptedAsOf(e, (id) => exceptions.has(id) && activeAt(exceptions.get(id)!, moment)));
      const assessed = assessClusters(framework.source, ofMoment);
      days.push({
        at: moment,
        clusters: ofMoment.length,
        summary: assessed.summary,
        controls: new Map(
          assessed.controls.map((c) => [
            c.control.id,
            { at: moment, status: c.verdict.status, failingFindings: c.failing, acceptedFindings: c.accepted },
          ]),
        ),
      });
    }
    return days;
  }
}

const MAX_DAYS = 366;

export interface ComplianceDay {
  at: Date;
  clusters: number;
  summary: ComplianceSummary;
  controls: Map<string, ControlDayObject>;
}
