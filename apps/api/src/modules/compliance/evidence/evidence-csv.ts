import { stringify } from 'csv-stringify/sync';
import { inert } from '../../findings/findings-csv';
import type { EvidenceDocument } from './evidence-document';

export const EVIDENCE_CSV_COLUMNS = [
  'record',
  'organization',
  'framework',
  'framework_version',
  'at',
  'control_id',
  'control_title',
  'section',
  'status',
  'reason',
  'failing_findings',
  'accepted_findings',
  'rules',
  'cluster',
  'evaluation_id',
  'collected_at',
  'finding_id',
  'rule',
  'severity',
  'namespace',
  'kind',
  'name',
  'container',
  'message',
  'first_seen_at',
  'risk_id',
  'risk_owner',
  'risk_reason',
  'risk_scope',
  'risk_created_by',
  'risk_created_at',
  'risk_expires_at',
] as const;

type Column = (typeof EVIDENCE_CSV_COLUMNS)[number];

const iso = (d: Date | null) => d?.toISOString() ?? '';

/**
 * The document as one table a spreadsheet opens: a `record` column says what each row is — a
 * cluster and the evaluation that speaks for it, a control, one of its failing resources, or one of
 * its accepted risks — and every row repeats the organisation, framework and moment, so that rows
 * filtered or pasted elsewhere still say what they are evidence of.
 */
export function evidenceCsv(doc: EvidenceDocument): string {
  const common: Partial<Record<Column, string>> = {
    organization: doc.organization.name,
    framework: doc.framework.id,
    framework_version: doc.framework.version,
    at: doc.at.toISOString(),
  };
  const rows: Partial<Record<Column, string>>[] = [];
  for (const c of doc.clusters) {
    rows.push({
      record: 'cluster',
      cluster: c.name,
      evaluation_id: c.evaluationId ?? '',
      collected_at: iso(c.collectedAt),
      status: c.evaluationId ? '' : 'NOT_EVALUATED',
    });
  }
  for (const c of doc.controls) {
    const control = { control_id: c.id, control_title: c.title, section: c.source };
    rows.push({
      record: 'control',
      ...control,
      status: c.status,
      reason: c.reason ?? '',
      failing_findings: String(c.failingFindings),
      accepted_findings: String(c.acceptedFindings),
      rules: c.rules.join(' '),
    });
    for (const r of c.failing) {
      rows.push({
        record: 'failing_resource',
        ...control,
        status: 'FAIL',
        cluster: r.cluster,
        finding_id: r.findingId,
        rule: r.ruleId,
        severity: r.severity,
        namespace: r.namespace ?? '',
        kind: r.kind,
        name: r.name,
        container: r.container ?? '',
        message: r.message,
        first_seen_at: r.firstSeenAt.toISOString(),
      });
    }
    if (c.failing.length < c.failingFindings) {
      rows.push({
        record: 'failing_resources_omitted',
        ...control,
        status: 'FAIL',
        failing_findings: String(c.failingFindings - c.failing.length),
        reason: `the first ${c.failing.length} of ${c.failingFindings} are listed; the findings query with this control's rules, clusters and moment has them all`,
      });
    }
    for (const x of c.acceptedRisks) {
      rows.push({
        record: 'accepted_risk',
        ...control,
        status: 'ACCEPTED_RISK',
        risk_id: x.id,
        risk_owner: x.owner,
        risk_reason: x.reason,
        risk_scope: x.scope,
        risk_created_by: x.createdBy,
        risk_created_at: x.createdAt.toISOString(),
        risk_expires_at: x.expiresAt.toISOString(),
      });
    }
  }
  return stringify(
    rows.map((row) => EVIDENCE_CSV_COLUMNS.map((k) => inert({ ...common, ...row }[k] ?? ''))),
    { header: true, columns: [...EVIDENCE_CSV_COLUMNS] },
  );
}
