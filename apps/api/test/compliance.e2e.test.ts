import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { deployment, post, privilegedDeployment, settled, snapshotOf } from './support/snapshots';

interface Control {
  id: string;
  assessment: string;
  reason: string | null;
  source: string;
  rules: { id: string }[];
}

const REPORT = `query ($framework: String!, $clusterIds: [ID!], $at: DateTime) {
  complianceReport(framework: $framework, clusterIds: $clusterIds, at: $at) {
    framework { id version }
    at
    clusters { name evaluationId summary { fail percentage } }
    summary { pass fail acceptedRisk notEvaluable manual percentage }
    controls {
      control { id }
      status reason failingFindings acceptedFindings
      clusters { clusterId status failingFindings acceptedFindings }
      acceptedRisks { reason owner scope expiresAt }
      evidence(first: 10) { totalCount edges { node { ruleId clusterId excepted resource { namespace name } } } }
    }
  }
}`;

interface Report {
  framework: { id: string; version: string };
  at: string;
  clusters: { name: string; evaluationId: string | null; summary: { fail: number; percentage: number } | null }[];
  summary: Record<string, number | null>;
  controls: {
    control: { id: string };
    status: string;
    reason: string | null;
    failingFindings: number;
    acceptedFindings: number;
    clusters: { clusterId: string; status: string; failingFindings: number; acceptedFindings: number }[];
    acceptedRisks: { reason: string; owner: string; scope: string; expiresAt: string }[];
    evidence: {
      totalCount: number;
      edges: {
        node: { ruleId: string; clusterId: string; excepted: boolean; resource: { namespace: string; name: string } };
      }[];
    };
  }[];
}

describe('compliance', () => {
  let ctx: TestContext;
  let key: string;
  beforeAll(async () => {
    ctx = await createTestContext({ INGEST_MAX_CLOCK_SKEW_SECONDS: '3600' });
    key = (await ctx.newOrg()).ownerKey;
  });
  afterAll(() => ctx?.close());

  it('lists the frameworks with their controls, how each is judged and by which rules', async () => {
    const { frameworks } = await clientFor(ctx.url, key).request<{
      frameworks: { id: string; version: string; controls: Control[] }[];
    }>('{ frameworks { id version controls { id assessment reason source rules { id } } } }');
    expect(frameworks.map((f) => f.id)).toEqual([
      'cis-1.10',
      'nsa-cisa-1.2',
      'pss-baseline',
      'pss-restricted',
      'container-security-fundamentals',
    ]);
    const cis = frameworks[0]!;
    expect(cis.controls.find((c) => c.id === '5.2.2')).toEqual({
      id: '5.2.2',
      assessment: 'RULES',
      reason: null,
      source:
        'CIS Kubernetes Benchmark v1.10.0, recommendation 5.2.2 "Minimize the admission of privileged containers"',
      rules: [{ id: 'privileged-container' }],
    });
    const manual = cis.controls.find((c) => c.id === '5.4.2')!;
    expect([manual.assessment, manual.rules]).toEqual(['MANUAL', []]);
    expect(manual.reason).toMatch(/record the secret store/);
    expect(frameworks[4]!.controls).toHaveLength(16);
  });

  it('answers one framework by id, and NOT_FOUND naming the known ones for another', async () => {
    const client = clientFor(ctx.url, key);
    expect(await client.request('{ framework(id: "pss-baseline") { id name } }')).toEqual({
      framework: { id: 'pss-baseline', name: 'Pod Security Standards: Baseline' },
    });
    expect(await failureOf(client.request('{ framework(id: "soc2") { id } }'))).toBe(
      'NOT_FOUND: Framework "soc2" not found; one of cis-1.10, nsa-cisa-1.2, pss-baseline, pss-restricted, container-security-fundamentals.',
    );
  });

  it('reports controls per cluster and rolled up, now and at a past moment, with evidence and accepted risks', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg('Compliant');
    const client = clientFor(ctx.url, ownerKey);
    const prod = await ctx.newCluster(organizationId, 'prod');
    const staging = await ctx.newCluster(organizationId, 'staging');
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const push = async (cluster: typeof prod, manifests: object[], at: string) => {
      const snapshot = snapshotOf(manifests as never, at);
      expect((await post(ctx.url, cluster.agentToken, snapshot)).status).toBe(202);
      expect(await settled(ctx.sql, cluster.clusterId, snapshot.snapshotId)).toBe('EVALUATED');
    };
    await push(prod, [deployment('api')], minutesAgo(30));
    await push(staging, [privilegedDeployment], minutesAgo(30));
    const report = async (variables: Record<string, unknown>) =>
      (await client.request<{ complianceReport: Report }>(REPORT, { framework: 'pss-baseline', ...variables }))
        .complianceReport;
    const control = (r: Report, id: string) => r.controls.find((c) => c.control.id === id)!;

    const first = await report({});
    expect(first.framework).toEqual({ id: 'pss-baseline', version: 'v1.31' });
    expect(first.clusters.map((c) => [c.name, c.evaluationId !== null])).toEqual([
      ['prod', true],
      ['staging', true],
    ]);
    const privileged = control(first, 'baseline/privileged-containers');
    expect(privileged).toMatchObject({
      status: 'FAIL',
      failingFindings: 1,
      acceptedFindings: 0,
      clusters: [
        { clusterId: prod.clusterId, status: 'PASS', failingFindings: 0 },
        { clusterId: staging.clusterId, status: 'FAIL', failingFindings: 1 },
      ],
      acceptedRisks: [],
    });
    expect(privileged.evidence.totalCount).toBe(1);
    expect(privileged.evidence.edges[0]!.node).toEqual({
      ruleId: 'privileged-container',
      clusterId: staging.clusterId,
      excepted: false,
      resource: { namespace: 'shop', name: 'web' },
    });
    expect(control(first, 'baseline/hostprocess')).toMatchObject({ status: 'PASS', evidence: { totalCount: 0 } });
    expect(control(first, 'baseline/seccomp').status).toBe('MANUAL');
    expect(first.summary).toMatchObject({ fail: 1, notEvaluable: 0, manual: 1 });
    expect(first.summary.pass).toBe(9);
    expect(first.summary.percentage).toBe(90);
    expect(first.clusters.map((c) => c.summary?.fail)).toEqual([0, 1]);

    // Accepting staging's risk: the control is an accepted risk, naming who owns it and until when.
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await client.request(`mutation ($input: CreateExceptionInput!) { createException(input: $input) { id } }`, {
      input: {
        clusterId: staging.clusterId,
        ruleId: 'privileged-container',
        namespace: 'shop',
        reason: 'Legacy web tier, replaced in Q1 by the new image.',
        owner: 'platform-team',
        expiresAt,
      },
    });
    // Evaluations record what exceptions covered: the report shows it from the next one on.
    const { requestReevaluation } = await client.request<{ requestReevaluation: string }>(
      'mutation ($c: ID!) { requestReevaluation(clusterId: $c) }',
      { c: staging.clusterId },
    );
    await eventually(async () => {
      const { rows } = await ctx.sql.query('SELECT status FROM "Snapshot" WHERE id = $1', [requestReevaluation]);
      return rows[0]?.status === 'EVALUATED' ? true : undefined;
    }, 'the re-evaluation');
    const accepted = control(await report({}), 'baseline/privileged-containers');
    expect(accepted).toMatchObject({
      status: 'ACCEPTED_RISK',
      failingFindings: 0,
      acceptedFindings: 1,
      acceptedRisks: [
        {
          reason: 'Legacy web tier, replaced in Q1 by the new image.',
          owner: 'platform-team',
          scope: 'cluster staging, rule privileged-container, namespace shop',
          expiresAt,
        },
      ],
    });
    expect(accepted.evidence.edges[0]!.node.excepted).toBe(true);

    // Prod regresses; a moment before that, it still passed and the exception did not exist yet.
    await push(prod, [deployment('api', { privileged: true })], minutesAgo(10));
    const now = control(await report({ clusterIds: [prod.clusterId] }), 'baseline/privileged-containers');
    expect(now).toMatchObject({ status: 'FAIL', failingFindings: 1, evidence: { totalCount: 1 } });
    const before = await report({ at: minutesAgo(20) });
    expect(control(before, 'baseline/privileged-containers')).toMatchObject({
      status: 'FAIL',
      clusters: [
        { clusterId: prod.clusterId, status: 'PASS' },
        { clusterId: staging.clusterId, status: 'FAIL', failingFindings: 1, acceptedFindings: 0 },
      ],
      acceptedRisks: [],
      evidence: { totalCount: 1 },
    });
    // The trend: a point per day's end, the last one now, as the report judges now.
    const { complianceTrend, complianceReport } = await client.request<{
      complianceTrend: { at: string; clusters: number; summary: { fail: number; percentage: number } }[];
      complianceReport: {
        summary: { fail: number; percentage: number };
        controls: { control: { id: string }; history: { at: string; status: string; failingFindings: number }[] }[];
      };
    }>(
      `{ complianceTrend(framework: "pss-baseline", days: 3) { at clusters summary { fail percentage } }
         complianceReport(framework: "pss-baseline") {
           summary { fail percentage } controls { control { id } history(days: 3) { at status failingFindings } } } }`,
    );
    expect(complianceTrend).toHaveLength(3);
    expect(complianceTrend.map((d) => d.at)).toEqual([...complianceTrend.map((d) => d.at)].sort());
    expect(complianceTrend.at(-1)).toMatchObject({ clusters: 2, summary: complianceReport.summary });
    const history = complianceReport.controls.find((c) => c.control.id === 'baseline/privileged-containers')!.history;
    expect(history).toHaveLength(3);
    expect(history.at(-1)).toMatchObject({ status: 'FAIL', failingFindings: 1 });
    expect(await failureOf(client.request('{ complianceTrend(framework: "cis-1.10", days: 0) { at } }'))).toBe(
      'BAD_USER_INPUT: days: must be 1 to 366.',
    );

    // Findings filtered by framework: only the rules that judge one of its controls.
    const ruleIds = async (frameworks: string[] | null) => {
      const { findings } = await client.request<{ findings: { edges: { node: { ruleId: string } }[] } }>(
        'query ($f: [String!]) { findings(filter: { frameworks: $f }, first: 200) { edges { node { ruleId } } } }',
        { f: frameworks },
      );
      return [...new Set(findings.edges.map((e) => e.node.ruleId))].sort();
    };
    const all = await ruleIds(null);
    expect(all).toEqual(expect.arrayContaining(['privileged-container', 'run-as-root', 'image-not-pinned-by-digest']));
    expect(await ruleIds(['pss-baseline'])).toEqual(['privileged-container']);
    expect(await ruleIds(['pss-restricted'])).toEqual(expect.arrayContaining(['privileged-container', 'run-as-root']));
    expect(await ruleIds(['pss-restricted'])).not.toContain('image-not-pinned-by-digest');

    // Before any evaluation, no cluster speaks: nothing passes.
    const empty = await report({ at: minutesAgo(50) });
    expect(empty.clusters.map((c) => c.evaluationId)).toEqual([null, null]);
    expect(empty.summary).toMatchObject({ pass: 0, fail: 0, percentage: null });
  });

  it('refuses what it cannot answer, naming the argument', async () => {
    const client = clientFor(ctx.url, key);
    const q = (variables: Record<string, unknown>) => failureOf(client.request(REPORT, variables));
    expect(await q({ framework: 'soc2' })).toMatch(/^NOT_FOUND: Framework "soc2" not found; one of cis-1.10/);
    expect(await q({ framework: 'cis-1.10', at: new Date(Date.now() + 3_600_000).toISOString() })).toBe(
      'BAD_USER_INPUT: at: is in the future.',
    );
    expect(await q({ framework: 'cis-1.10', at: '2001-01-01T00:00:00Z' })).toMatch(
      /^BAD_USER_INPUT: at: is before the history the organisation keeps/,
    );
    expect(await failureOf(client.request('{ findings(filter: { frameworks: ["soc2"] }) { totalCount } }'))).toBe(
      'BAD_USER_INPUT: filter.frameworks: unknown value(s) "soc2".',
    );
    const other = await ctx.newOrg('Elsewhere');
    const theirs = await ctx.newCluster(other.organizationId, 'theirs');
    expect(await q({ framework: 'cis-1.10', clusterIds: [theirs.clusterId] })).toBe(
      `NOT_FOUND: Cluster ${theirs.clusterId} not found.`,
    );
    expect(await q({ framework: 'cis-1.10', clusterIds: ['not-a-uuid'] })).toBe(
      'NOT_FOUND: Cluster not-a-uuid not found.',
    );
  });

  it('exports a report as CSV, OSCAL and PDF: the same bytes for the same moment, to its organisation only', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg('Audited Ltd');
    const prod = await ctx.newCluster(organizationId, 'prod');
    const snapshot = snapshotOf(
      [privilegedDeployment, deployment('api')] as never,
      new Date(Date.now() - 60_000).toISOString(),
    );
    expect((await post(ctx.url, prod.agentToken, snapshot)).status).toBe(202);
    expect(await settled(ctx.sql, prod.clusterId, snapshot.snapshotId)).toBe('EVALUATED');
    const at = new Date().toISOString();
    const get = (format: string, query: Record<string, string>, key: string | null = ownerKey) =>
      fetch(`${ctx.url}/exports/compliance.${format}?${new URLSearchParams(query)}`, {
        headers: key ? { authorization: `Bearer ${key}` } : {},
      });
    const bytes = async (format: string, query: Record<string, string>) => {
      const res = await get(format, query);
      expect(res.status, await res.clone().text()).toBe(200);
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };
    const query = { framework: 'pss-baseline', at, clusterIds: prod.clusterId };
    const moment = at.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');

    const csv = await bytes('csv', query);
    expect(csv.res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.res.headers.get('content-disposition')).toBe(
      `attachment; filename="kubeward-pss-baseline-${moment}.csv"`,
    );
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.record === 'control' && r.control_id === 'baseline/privileged-containers')).toMatchObject(
      {
        organization: 'Audited Ltd',
        status: 'FAIL',
        failing_findings: '1',
      },
    );
    expect(rows.find((r) => r.record === 'failing_resource')).toMatchObject({
      control_id: 'baseline/privileged-containers',
      cluster: 'prod',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'web',
      rule: 'privileged-container',
    });
    expect((await bytes('csv', query)).body.equals(csv.body)).toBe(true);

    const oscal = await bytes('oscal.json', query);
    expect(oscal.res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const results = JSON.parse(oscal.body.toString())['assessment-results'];
    expect(results.metadata['last-modified']).toBe(at);
    expect(results.results[0].observations.map((o: { title: string }) => o.title)).toEqual([
      'Deployment shop/web fails privileged-container',
    ]);
    expect((await bytes('oscal.json', query)).body.equals(oscal.body)).toBe(true);

    const pdf = await bytes('pdf', query);
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    expect((await bytes('pdf', query)).body.equals(pdf.body)).toBe(true);
    const parser = new PDFParse({ data: new Uint8Array(pdf.body) });
    const text = (await parser.getText()).text.replace(/\s+/g, '');
    await parser.destroy();
    for (const expected of ['Audited Ltd', 'pss-baseline', 'Deployment shop/web', at])
      expect(text).toContain(expected.replace(/\s+/g, ''));

    // Without `at`: now, named in the file; without clusterIds: every cluster the caller sees.
    const now = await get('csv', { framework: 'pss-baseline' });
    expect(now.status).toBe(200);
    expect(now.headers.get('content-disposition')).toMatch(/kubeward-pss-baseline-\d{8}T\d{6}Z\.csv"$/);

    // Refused, naming what is wrong; another organisation's cluster does not exist here.
    const refusal = async (res: Response) => [res.status, ((await res.json()) as { message: string }).message];
    expect(await refusal(await get('pdf', { framework: 'soc2' }))).toEqual([
      404,
      expect.stringMatching(/^Framework "soc2" not found; one of cis-1.10/),
    ]);
    expect(await refusal(await get('csv', { framework: 'cis-1.10', at: 'yesterday' }))).toEqual([
      400,
      'at: must be an RFC 3339 date-time with a time zone, such as 2026-03-01T00:00:00Z.',
    ]);
    expect(await refusal(await get('csv', {}))).toEqual([
      400,
      'framework: is required, once (a framework id, such as cis-1.10).',
    ]);
    expect(await refusal(await get('csv', { framework: 'cis-1.10', format: 'xml' }))).toEqual([
      400,
      'format: is not a parameter (framework, at, clusterIds).',
    ]);
    const other = await ctx.newOrg('Elsewhere again');
    const theirs = await ctx.newCluster(other.organizationId, 'theirs');
    expect(await refusal(await get('oscal.json', { framework: 'cis-1.10', clusterIds: theirs.clusterId }))).toEqual([
      404,
      `Cluster ${theirs.clusterId} not found.`,
    ]);
    expect((await get('pdf', { framework: 'cis-1.10' }, null)).status).toBe(401);
  });
});
