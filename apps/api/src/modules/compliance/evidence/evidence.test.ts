import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import type { ComplianceReportObject, ControlResultObject } from '../compliance.objects';
import { findFramework } from '../frameworks';
import { EVIDENCE_CSV_COLUMNS, evidenceCsv } from './evidence-csv';
import { evidenceDocument, type EvidenceResourceRow } from './evidence-document';
import { controlToken, evidenceOscal } from './evidence-oscal';
import { evidencePdf } from './evidence-pdf';

const PROD = '0b6f3a36-6d1f-4a59-9d43-1f7c1c0a0001';
const STAGING = '0b6f3a36-6d1f-4a59-9d43-1f7c1c0a0002';
const AT = new Date('2026-03-01T00:00:00.000Z');
const framework = findFramework('pss-baseline').object;

function report(at = AT): ComplianceReportObject {
  const controls = framework.controls.map((control): ControlResultObject => {
    const base = {
      control,
      reason: null,
      failingFindings: 0,
      acceptedFindings: 0,
      acceptedRisks: [],
      evidenceOf: { clusterIds: [PROD, STAGING], ruleIds: control.rules.map((r) => r.id), at },
      report: { framework: framework.id, clusterIds: [PROD, STAGING], at },
    };
    const clusters = (status: 'PASS' | 'FAIL' | 'ACCEPTED_RISK', failing = 0, accepted = 0) => [
      { clusterId: STAGING, status: 'PASS' as const, reason: null, failingFindings: 0, acceptedFindings: 0 },
      { clusterId: PROD, status, reason: null, failingFindings: failing, acceptedFindings: accepted },
    ];
    switch (control.id) {
      case 'baseline/privileged-containers':
        return { ...base, status: 'FAIL', failingFindings: 3, clusters: clusters('FAIL', 3) };
      case 'baseline/host-namespaces':
        return {
          ...base,
          status: 'ACCEPTED_RISK',
          acceptedFindings: 1,
          clusters: clusters('ACCEPTED_RISK', 0, 1),
          acceptedRisks: [
            {
              id: '7d0c8f1e-0000-4000-8000-000000000001',
              reason: 'The CNI plugin needs the host network;\nreviewed by security.',
              owner: 'Amélie Dubois',
              createdBy: 'USER:42',
              createdAt: new Date('2026-02-01T00:00:00Z'),
              expiresAt: new Date('2026-06-30T00:00:00Z'),
              scope: 'cluster prod-eu, rule host-network, namespace kube-system',
            },
          ],
        };
      default:
        return control.assessment === 'RULES'
          ? { ...base, status: 'PASS', clusters: clusters('PASS') }
          : { ...base, status: 'NOT_EVALUABLE', reason: control.reason, clusters: [] };
    }
  });
  return {
    framework,
    at,
    summary: { pass: 8, fail: 1, acceptedRisk: 1, notEvaluable: 1, manual: 0, percentage: 90 },
    clusters: [
      {
        clusterId: STAGING,
        name: 'staging',
        evaluationId: null,
        collectedAt: null,
        summary: null,
      },
      {
        clusterId: PROD,
        name: 'prod-eu-Москва',
        evaluationId: '0b6f3a36-6d1f-4a59-9d43-1f7c1c0a00e1',
        collectedAt: new Date('2026-02-28T23:55:00Z'),
        summary: { pass: 8, fail: 1, acceptedRisk: 1, notEvaluable: 1, manual: 0, percentage: 90 },
      },
    ],
    controls,
  };
}

const row = (
  n: number,
  severity: string,
  name: string,
  extra: Partial<EvidenceResourceRow> = {},
): EvidenceResourceRow => ({
  findingId: `0b6f3a36-6d1f-4a59-9d43-1f7c1c0af00${n}`,
  ruleId: 'privileged-container',
  clusterId: PROD,
  severity,
  resourceKind: 'Deployment',
  resourceNamespace: 'payments',
  resourceName: name,
  container: 'app',
  message: 'Container "app" runs privileged.',
  firstSeenAt: new Date('2026-02-10T08:00:00Z'),
  ...extra,
});
const ROWS = [
  row(1, 'HIGH', 'api'),
  row(2, 'CRITICAL', '=HYPERLINK("http://evil")', { message: 'runs privileged,\nand "quoted"' }),
  row(3, 'HIGH', 'agent', { resourceNamespace: null, resourceKind: 'DaemonSet' }),
];
const ORG = { id: '0b6f3a36-6d1f-4a59-9d43-1f7c1c0a0000', name: 'Acme Corp' };
const doc = (at = AT) => evidenceDocument(report(at), ORG, ROWS, 2);

describe('evidenceDocument', () => {
  it('lists a failing control’s resources most severe first, the first of them only', () => {
    const d = doc();
    const failing = d.controls.find((c) => c.id === 'baseline/privileged-containers')!;
    expect(failing.failing.map((r) => [r.severity, r.namespace, r.name])).toEqual([
      ['CRITICAL', 'payments', '=HYPERLINK("http://evil")'],
      // A resource without a namespace sorts before one with.
      ['HIGH', null, 'agent'],
    ]);
    expect(failing.failing[0]!.cluster).toBe('prod-eu-Москва');
    expect(d.clusters.map((c) => c.name)).toEqual(['prod-eu-Москва', 'staging']);
    expect(d.controls.find((c) => c.id === 'baseline/host-namespaces')?.acceptedRisks[0]?.owner).toBe('Amélie Dubois');
  });

  it('shows no resource under a control that does not fail', () => {
    const d = evidenceDocument(report(), ORG, [row(4, 'HIGH', 'x', { ruleId: 'host-network' })], 10);
    expect(d.controls.every((c) => c.failing.length === 0)).toBe(true);
  });
});

describe('evidenceCsv', () => {
  const rows = () =>
    parse(evidenceCsv(doc()), { columns: true }) as Record<(typeof EVIDENCE_CSV_COLUMNS)[number], string>[];

  it('has a row per cluster, per control, per listed failing resource and per accepted risk', () => {
    const all = rows();
    expect(Object.keys(all[0]!)).toEqual([...EVIDENCE_CSV_COLUMNS]);
    const count = (record: string) => all.filter((r) => r.record === record).length;
    expect([count('cluster'), count('control'), count('failing_resource'), count('accepted_risk')]).toEqual([
      2,
      framework.controls.length,
      2,
      1,
    ]);
    expect(all.find((r) => r.record === 'failing_resources_omitted')).toMatchObject({
      control_id: 'baseline/privileged-containers',
      failing_findings: '1',
    });
    expect(all.every((r) => r.organization === 'Acme Corp' && r.at === '2026-03-01T00:00:00.000Z')).toBe(true);
    expect(all.find((r) => r.record === 'accepted_risk')).toMatchObject({
      risk_owner: 'Amélie Dubois',
      risk_expires_at: '2026-06-30T00:00:00.000Z',
      risk_reason: 'The CNI plugin needs the host network;\nreviewed by security.',
    });
    expect(all.find((r) => r.record === 'cluster' && r.cluster === 'staging')?.status).toBe('NOT_EVALUATED');
  });

  it('keeps a cell a spreadsheet would run as a formula inert, and quotes lines and commas', () => {
    const first = rows().find((r) => r.record === 'failing_resource')!;
    expect(first.name).toBe(`'=HYPERLINK("http://evil")`);
    expect(first.message).toBe('runs privileged,\nand "quoted"');
  });
});

/** The parts of OSCAL Assessment Results these tests read. */
interface OscalFinding {
  target: { 'target-id': string; status: { state: string; reason?: string } };
  'related-observations'?: { 'observation-uuid': string }[];
  'related-risks'?: { 'risk-uuid': string }[];
}
interface Oscal {
  'assessment-results': {
    uuid: string;
    metadata: Record<string, unknown>;
    results: {
      uuid: string;
      'reviewed-controls': { 'control-selections': { 'include-controls': { 'control-id': string }[] }[] };
      findings: OscalFinding[];
      observations: { uuid: string }[];
      risks: { uuid: string; status: string; deadline: string }[];
    }[];
  };
}
const oscalOf = (at?: Date) => (evidenceOscal(doc(at)) as Oscal)['assessment-results'];

describe('evidenceOscal', () => {
  const schema = JSON.parse(
    readFileSync(
      path.join(__dirname, '../../../../test/standards/oscal/oscal_assessment-results_schema-1.0.6.json'),
      'utf8',
    ),
  );
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it('is valid OSCAL 1.0.6 Assessment Results', () => {
    const json = JSON.parse(JSON.stringify(evidenceOscal(doc())));
    const valid = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names every control as a token, links findings to the observations and risks it holds', () => {
    const ar = oscalOf();
    const result = ar.results[0]!;
    const selected = result['reviewed-controls']['control-selections'][0]!['include-controls'].map(
      (c) => c['control-id'],
    );
    expect(selected).toContain(controlToken('pss-baseline', 'baseline/privileged-containers'));
    expect(selected).toContain('pss-baseline_baseline-privileged-containers');
    const findings = new Map(result.findings.map((f) => [f.target['target-id'], f]));
    expect([...findings.keys()]).toEqual(selected);
    const failing = findings.get('pss-baseline_baseline-privileged-containers')!;
    expect(failing.target.status).toMatchObject({ state: 'not-satisfied', reason: 'fail' });
    const observations = new Set(result.observations.map((o) => o.uuid));
    expect(failing['related-observations']).toHaveLength(2);
    for (const o of failing['related-observations']!) expect(observations.has(o['observation-uuid'])).toBe(true);
    const accepted = findings.get('pss-baseline_baseline-host-namespaces')!;
    expect(accepted.target.status.state).toBe('not-satisfied');
    expect(result.risks).toEqual([
      expect.objectContaining({
        uuid: accepted['related-risks']![0]!['risk-uuid'],
        status: 'deviation-approved',
        deadline: '2026-06-30T00:00:00.000Z',
      }),
    ]);
    expect(findings.get('pss-baseline_baseline-apparmor')!.target.status).toMatchObject({ state: 'satisfied' });
    expect(ar.metadata['last-modified']).toBe('2026-03-01T00:00:00.000Z');
  });

  it('derives its UUIDs from what they name: the same report, the same document; another moment, others', () => {
    const a = JSON.stringify(evidenceOscal(doc()));
    expect(JSON.stringify(evidenceOscal(doc()))).toBe(a);
    const later = oscalOf(new Date('2026-03-02T00:00:00Z'));
    expect(a).not.toContain(later.uuid);
    expect(a).not.toContain(later.results[0]!.uuid);
  });
});

describe('evidencePdf', () => {
  it('is the same bytes for the same report', async () => {
    const [a, b] = await Promise.all([evidencePdf(doc()), evidencePdf(doc())]);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    expect((await evidencePdf(doc(new Date('2026-03-02T00:00:00Z')))).equals(a)).toBe(false);
  });

  it('holds what an auditor looks for: who, which framework, when, each control, resources and risks', async () => {
    const parser = new PDFParse({ data: new Uint8Array(await evidencePdf(doc())) });
    // Without blanks: where a table cell wraps is not what is tested.
    const text = (await parser.getText()).text.replace(/\s+/g, '');
    await parser.destroy();
    for (const expected of [
      'Compliance evidence',
      'Acme Corp',
      'Pod Security Standards',
      '2026-03-01T00:00:00Z',
      'prod-eu-Москва',
      'baseline/privileged-containers',
      'the first 2 of 3',
      'Deployment payments/=HYPERLINK("http://evil") (container app)',
      'Amélie Dubois',
      '2026-06-30',
      'Not evaluable',
    ]) {
      expect(text).toContain(expected.replace(/\s+/g, ''));
    }
    expect(text).toMatch(/page1of\d+/);
  });
});
