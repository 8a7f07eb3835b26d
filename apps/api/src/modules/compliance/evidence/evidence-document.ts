import type { ComplianceSummary, ControlStatus } from '@kubeward/rules';
import type { ComplianceReportObject } from '../compliance.objects';

/** A failing resource as the history had it open at the report's moment. */
export interface EvidenceResourceRow {
  findingId: string;
  ruleId: string;
  clusterId: string;
  severity: string;
  resourceKind: string;
  resourceNamespace: string | null;
  resourceName: string;
  container: string | null;
  message: string;
  firstSeenAt: Date;
}

export interface EvidenceResource {
  findingId: string;
  ruleId: string;
  severity: string;
  clusterId: string;
  cluster: string;
  namespace: string | null;
  kind: string;
  name: string;
  container: string | null;
  message: string;
  firstSeenAt: Date;
}

export interface EvidenceRisk {
  id: string;
  owner: string;
  reason: string;
  scope: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface EvidenceControl {
  id: string;
  title: string;
  group: string;
  requirement: string;
  source: string;
  status: ControlStatus;
  reason: string | null;
  rules: string[];
  failingFindings: number;
  acceptedFindings: number;
  clusters: { name: string; status: ControlStatus; reason: string | null; failing: number; accepted: number }[];
  /** The first `resourcesPerControl` of the failing findings, most severe first. */
  failing: EvidenceResource[];
  acceptedRisks: EvidenceRisk[];
}

/** Everything an export shows, in the order it shows it: CSV, OSCAL and PDF render this alone. */
export interface EvidenceDocument {
  organization: { id: string; name: string };
  framework: { id: string; name: string; version: string; publisher: string; url: string };
  at: Date;
  clusters: {
    id: string;
    name: string;
    evaluationId: string | null;
    collectedAt: Date | null;
    percentage: number | null;
  }[];
  summary: ComplianceSummary;
  controls: EvidenceControl[];
  resourcesPerControl: number;
}

const SEVERITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, INFO: 4 };

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then by where the resource is: the same rows always in the same order. */
export function compareResources(a: EvidenceResource, b: EvidenceResource): number {
  return (
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
    byText(a.cluster, b.cluster) ||
    byText(a.namespace ?? '', b.namespace ?? '') ||
    byText(a.kind, b.kind) ||
    byText(a.name, b.name) ||
    byText(a.container ?? '', b.container ?? '') ||
    byText(a.ruleId, b.ruleId) ||
    byText(a.findingId, b.findingId)
  );
}

/**
 * A report and its failing resources as one document. Nothing in it depends on when or how often
 * it is made: the same report for the same moment gives the same document, so the same bytes.
 */
export function evidenceDocument(
  report: ComplianceReportObject,
  organization: { id: string; name: string },
  resources: readonly EvidenceResourceRow[],
  resourcesPerControl: number,
): EvidenceDocument {
  const names = new Map(report.clusters.map((c) => [c.clusterId, c.name]));
  const name = (id: string) => names.get(id) ?? id;
  const byRule = new Map<string, EvidenceResource[]>();
  for (const r of resources) {
    const list = byRule.get(r.ruleId) ?? [];
    list.push({
      findingId: r.findingId,
      ruleId: r.ruleId,
      severity: r.severity,
      clusterId: r.clusterId,
      cluster: name(r.clusterId),
      namespace: r.resourceNamespace,
      kind: r.resourceKind,
      name: r.resourceName,
      container: r.container,
      message: r.message,
      firstSeenAt: r.firstSeenAt,
    });
    byRule.set(r.ruleId, list);
  }
  const f = report.framework;
  return {
    organization,
    framework: { id: f.id, name: f.name, version: f.version, publisher: f.publisher, url: f.url },
    at: report.at,
    clusters: report.clusters
      .map((c) => ({
        id: c.clusterId,
        name: c.name,
        evaluationId: c.evaluationId,
        collectedAt: c.collectedAt,
        percentage: c.summary?.percentage ?? null,
      }))
      .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id)),
    summary: report.summary,
    controls: report.controls.map((c) => {
      const rules = c.control.rules.map((r) => r.id);
      return {
        id: c.control.id,
        title: c.control.title,
        group: c.control.group,
        requirement: c.control.requirement,
        source: c.control.source,
        status: c.status,
        reason: c.reason,
        rules,
        failingFindings: c.failingFindings,
        acceptedFindings: c.acceptedFindings,
        clusters: c.clusters
          .map((x) => ({
            name: name(x.clusterId),
            status: x.status,
            reason: x.reason,
            failing: x.failingFindings,
            accepted: x.acceptedFindings,
          }))
          .sort((a, b) => byText(a.name, b.name)),
        failing:
          c.status === 'FAIL'
            ? rules
                .flatMap((id) => byRule.get(id) ?? [])
                .sort(compareResources)
                .slice(0, resourcesPerControl)
            : [],
        acceptedRisks: c.acceptedRisks
          .map((x) => ({
            id: x.id,
            owner: x.owner,
            reason: x.reason,
            scope: x.scope,
            createdBy: x.createdBy,
            createdAt: x.createdAt,
            expiresAt: x.expiresAt,
          }))
          .sort((a, b) => byText(a.id, b.id)),
      };
    }),
    resourcesPerControl,
  };
}
