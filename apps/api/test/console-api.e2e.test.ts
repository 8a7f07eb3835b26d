import { Browser } from './support/browser';
import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { deployment, post, privilegedDeployment, settled, snapshotOf } from './support/snapshots';

const CONSOLE = 'https://kubeward.example';

/** What the console reads beyond the rest of the API: groups, the overview, search, CSV, one cluster, rotations. */
describe('the API the console reads', () => {
  let ctx: TestContext;
  let ownerKey: string;
  let clusterId: string;
  let agentToken: string;
  let otherClusterId: string;

  const q = <T>(query: string, variables: Record<string, unknown> = {}) =>
    clientFor(ctx.url, ownerKey).request<T>(query, variables);

  beforeAll(async () => {
    ctx = await createTestContext({ PUBLIC_API_URL: CONSOLE, SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' });
    const org = await ctx.newOrg('Acme');
    ownerKey = org.ownerKey;
    ({ clusterId, agentToken } = await ctx.newCluster(org.organizationId, 'prod'));
    const now = new Date().toISOString();
    const manifests = [
      privilegedDeployment,
      deployment('api-100%_x', { privileged: true, hostPID: true }),
      deployment('worker'),
    ];
    const snapshot = snapshotOf(manifests, now);
    expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
    await settled(ctx.sql, clusterId, snapshot.snapshotId);
    // Another organisation's cluster, with findings of its own: never in Acme's answers.
    const other = await ctx.newOrg('Other');
    const otherCluster = await ctx.newCluster(other.organizationId, 'prod');
    otherClusterId = otherCluster.clusterId;
    const theirs = snapshotOf([privilegedDeployment], now);
    expect((await post(ctx.url, otherCluster.agentToken, theirs)).status).toBe(202);
    await settled(ctx.sql, otherClusterId, theirs.snapshotId);
  });
  afterAll(() => ctx?.close());

  type Groups = {
    findingGroups: {
      totalGroups: number;
      totalFindings: number;
      groups: {
        key: string;
        total: number;
        highest: string;
        namespace: string | null;
        kind: string | null;
        name: string | null;
        counts: Record<string, number>;
      }[];
    };
  };
  const GROUPS = `query ($by: FindingGroupBy!, $filter: FindingFilter, $first: Int) {
    findingGroups(by: $by, filter: $filter, first: $first) {
      totalGroups totalFindings groups { key total highest namespace kind name counts { critical high medium low info } } } }`;

  it('groups findings by rule, practice, namespace and workload, adding up to the findings', async () => {
    const { findings } = await q<{ findings: { totalCount: number } }>('{ findings { totalCount } }');
    expect(findings.totalCount).toBeGreaterThan(5);
    for (const by of ['RULE', 'PRACTICE', 'NAMESPACE', 'WORKLOAD', 'CLUSTER']) {
      const { findingGroups } = await q<Groups>(GROUPS, { by, first: 500 });
      expect(findingGroups.totalFindings, by).toBe(findings.totalCount);
      expect(
        findingGroups.groups.reduce((n, g) => n + g.total, 0),
        by,
      ).toBe(findings.totalCount);
      expect(findingGroups.groups.length, by).toBe(findingGroups.totalGroups);
    }
    const { findingGroups: byNamespace } = await q<Groups>(GROUPS, { by: 'NAMESPACE' });
    // Cluster-scoped resources (the cluster's own findings) group under the empty namespace.
    expect(byNamespace.groups.map((g) => g.key).sort()).toEqual(['', 'payments', 'shop']);
    expect(byNamespace.groups.find((g) => g.key === '')!.namespace).toBeNull();
    const { findingGroups: byCluster } = await q<Groups>(GROUPS, { by: 'CLUSTER' });
    expect(byCluster.groups.map((g) => g.key)).toEqual([clusterId]);
    // Most severe first; `first` cuts the list, not the totals.
    const { findingGroups: top } = await q<Groups>(GROUPS, { by: 'WORKLOAD', first: 1 });
    expect(top.groups).toHaveLength(1);
    // The three Deployments, their two namespaces (no LimitRange, no ResourceQuota) and the cluster's own findings.
    expect(top.totalGroups).toBe(6);
    expect(top.groups[0]!.highest).toBe('CRITICAL');
    expect(top.groups[0]!.key).toBe(`${clusterId}/${top.groups[0]!.namespace}/Deployment/${top.groups[0]!.name}`);
    expect(await failureOf(q(GROUPS, { by: 'RULE', first: 0 }))).toBe('BAD_USER_INPUT: first: must be 1 to 500.');
    expect(await failureOf(q(GROUPS, { by: 'RULE', filter: { clusterIds: [otherClusterId] } }))).toMatch(/^NOT_FOUND/);
  });

  it('finds resources by a part of their name, wildcards taken literally', async () => {
    const search = (resourceName: string) =>
      q<{ findings: { totalCount: number; edges: { node: { resource: { name: string } } }[] } }>(
        'query ($f: FindingFilter) { findings(filter: $f, first: 200) { totalCount edges { node { resource { name } } } } }',
        { f: { resourceName } },
      );
    const hits = await search('100%_');
    expect(hits.findings.totalCount).toBeGreaterThan(0);
    expect(new Set(hits.findings.edges.map((e) => e.node.resource.name))).toEqual(new Set(['api-100%_x']));
    expect((await search('API-1')).findings.totalCount).toBe(hits.findings.totalCount);
    expect((await search('%')).findings.totalCount).toBe(hits.findings.totalCount);
    expect(await failureOf(search('x'.repeat(254)))).toMatch(/^BAD_USER_INPUT: filter.resourceName:/);
  });

  it('sums up the organisation on the overview, its own clusters only', async () => {
    const { postureOverview: o } = await q<{
      postureOverview: {
        score: number;
        counts: Record<string, number>;
        changes: { opened: number; resolved: number };
        clusters: { cluster: { id: string }; score: number; counts: Record<string, number> }[];
        trend: { day: string; score: number; clusters: number }[];
        topRules: { totalFindings: number; groups: { key: string; total: number; highest: string }[] };
      };
    }>(`{ postureOverview(topRules: 5) { score counts { critical high medium low info } changes { opened resolved }
          clusters { cluster { id } score counts { critical high medium low info } } trend { day score clusters }
          topRules { totalFindings groups { key total highest } } } }`);
    const { cluster } = await q<{ cluster: { currentScore: number } }>(
      'query ($id: ID!) { cluster(id: $id) { currentScore } }',
      {
        id: clusterId,
      },
    );
    const { findings } = await q<{ findings: { totalCount: number } }>(
      '{ findings(filter: { excepted: false }) { totalCount } }',
    );
    expect(o.clusters.map((c) => c.cluster.id)).toEqual([clusterId]);
    expect(o.score).toBe(Math.round(cluster.currentScore * 10) / 10);
    expect(Object.values(o.counts).reduce((a, b) => a + b, 0)).toBe(findings.totalCount);
    expect(o.changes.opened).toBe(findings.totalCount);
    expect(o.trend.at(-1)).toMatchObject({ score: o.score, clusters: 1 });
    // The most failing rules, from the newest evaluation's counts: what grouping the findings says.
    const { findingGroups } = await q<Groups>(GROUPS, { by: 'RULE', first: 5 });
    expect(o.topRules.groups).toEqual(findingGroups.groups.map(({ key, total, highest }) => ({ key, total, highest })));
    expect(o.topRules.totalFindings).toBe(findings.totalCount);
    expect(await failureOf(q('{ postureOverview(trendDays: 0) { score } }'))).toMatch(/^BAD_USER_INPUT: .*trendDays/);
    expect(await failureOf(q('query ($id: ID!) { cluster(id: $id) { id } }', { id: otherClusterId }))).toMatch(
      /^NOT_FOUND/,
    );
  });

  it('tells a finding’s rule with it, and refuses an unknown rule by name', async () => {
    const { findings } = await q<{
      findings: { edges: { node: { ruleId: string; rule: { id: string; remediation: { text: string } } } }[] };
    }>('{ findings(first: 1) { edges { node { ruleId rule { id remediation { text } } } } } }');
    const node = findings.edges[0]!.node;
    expect(node.rule.id).toBe(node.ruleId);
    expect(node.rule.remediation.text.length).toBeGreaterThan(10);
    expect(await failureOf(q('{ rule(id: "no-such-rule") { id } }'))).toBe('NOT_FOUND: Rule "no-such-rule" not found.');
  });

  it('counts the images an organisation names as minimal, or as from a registry with immutable tags, as such', async () => {
    const flagged = async (ruleId: string) =>
      (
        await q<{ findings: { edges: { node: { resource: { name: string } } }[] } }>(
          'query ($r: String!) { findings(filter: { ruleIds: [$r] }, first: 200) { edges { node { resource { name } } } } }',
          { r: ruleId },
        )
      ).findings.edges.map((e) => e.node.resource.name);
    const notMinimal = () => flagged('image-not-minimal');
    expect(await notMinimal()).toContain('worker');
    expect(await flagged('image-not-pinned-by-digest')).toContain('worker');
    const { updateOrganizationSettings } = await q<{
      updateOrganizationSettings: { minimalImages: string[]; immutableTagImages: string[] };
    }>(
      'mutation { updateOrganizationSettings(input: { minimalImages: [" ghcr.io/acme/ "], immutableTagImages: ["ghcr.io/acme"] }) { minimalImages immutableTagImages } }',
    );
    expect(updateOrganizationSettings).toEqual({
      minimalImages: ['ghcr.io/acme/'],
      immutableTagImages: ['ghcr.io/acme'],
    });
    const { rows } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    await q('mutation ($id: ID!) { requestReevaluation(clusterId: $id) }', { id: clusterId });
    await eventually(async () => {
      const now = await ctx.sql.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
        clusterId,
      ]);
      return now.rows[0].n > rows[0].n || undefined;
    }, 'the re-evaluation');
    // ghcr.io/acme/api is minimal now; nginx (privilegedDeployment) is not.
    const names = await notMinimal();
    expect(names).not.toContain('worker');
    expect(names).toContain('web');
    const unpinned = await flagged('image-not-pinned-by-digest');
    expect(unpinned).not.toContain('worker');
    expect(unpinned).toContain('web');
    expect(
      await failureOf(q('mutation { updateOrganizationSettings(input: { minimalImages: [""] }) { minimalImages } }')),
    ).toMatch(/^BAD_USER_INPUT: .*minimalImages/);
  });

  it('returns install manifests with a rotated token', async () => {
    const { rotateClusterToken } = await q<{ rotateClusterToken: { agentToken: string; installManifests: string } }>(
      'mutation ($id: ID!) { rotateClusterToken(clusterId: $id) { agentToken installManifests } }',
      { id: clusterId },
    );
    expect(rotateClusterToken.installManifests).toContain('https://kubeward.example');
    expect(rotateClusterToken.installManifests).toContain(`token: ${rotateClusterToken.agentToken}`);
  });

  describe('CSV export', () => {
    const exportUrl = (filter?: object) =>
      `${ctx.url}/exports/findings.csv${filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`;

    it('streams every finding of the filter, to a key holder', async () => {
      const res = await fetch(exportUrl({ namespaces: ['payments'] }), {
        headers: { authorization: `Bearer ${ownerKey}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(
        /attachment; filename="kubeward-findings-\d{4}-\d{2}-\d{2}\.csv"/,
      );
      const lines = (await res.text()).trim().split('\n');
      const { findings } = await q<{ findings: { totalCount: number } }>(
        '{ findings(filter: { namespaces: ["payments"] }) { totalCount } }',
      );
      expect(lines[0]).toBe(
        'id,severity,status,rule,cluster,namespace,kind,name,container,message,excepted,platform,first_seen_at,resolved_at',
      );
      expect(lines).toHaveLength(findings.totalCount + 1);
      expect(lines.slice(1).every((l) => l.includes(',prod,payments,Deployment,'))).toBe(true);
    });

    it('refuses bad filters by name, and callers without credentials', async () => {
      const auth = { headers: { authorization: `Bearer ${ownerKey}` } };
      const bad = await fetch(exportUrl({ minSeverity: 'LOUD' }), auth);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        error: 'BAD_USER_INPUT',
        message: expect.stringMatching(/^filter\.minSeverity:/),
      });
      const foreign = await fetch(exportUrl({ clusterIds: [otherClusterId] }), auth);
      expect(foreign.status).toBe(404);
      expect((await fetch(exportUrl())).status).toBe(401);
      expect((await fetch(exportUrl(), { headers: { authorization: 'Bearer kwk_nope' } })).status).toBe(401);
    });

    it('takes a console session only with the CSRF header, from the console', async () => {
      const { createInvitation } = await q<{ createInvitation: { link: string } }>(
        'mutation { createInvitation(email: "vic@acme.example", access: { role: VIEWER }) { link } }',
      );
      // The console's origin is PUBLIC_API_URL's here.
      const browser = new Browser(ctx.url, CONSOLE);
      const token = new URL(createInvitation.link).hash.replace('#token=', '');
      const accepted = await browser.post('/auth/invitations/accept', { token, password: 'a long enough passphrase' });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      const asBrowser = (headers: Record<string, string>) =>
        fetch(exportUrl(), { headers: { cookie: browser.cookie!, ...headers } });
      const ok = await asBrowser({ origin: CONSOLE, 'x-kubeward-csrf': '1' });
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect((await asBrowser({ origin: CONSOLE })).status).toBe(403);
      expect((await asBrowser({ origin: 'https://evil.example', 'x-kubeward-csrf': '1' })).status).toBe(403);
    });
  });
});
