import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createTestContext, eventually, type TestContext } from './support/context';
import { Browser, refusal } from './support/browser';
import { clientFor, failureOf } from './support/graphql';
import { WebhookReceiver } from './support/receiver';
import { deployment, post, settled, snapshotOf } from './support/snapshots';

/** Operations of the operator or of one's own account: walked in tenancy.e2e.test.ts. */
const NOT_WALKED = [
  'createOrganization',
  'deleteOrganization',
  'deletion',
  'viewer',
  'switchOrganization',
  'revokeSession',
  'signOutEverywhere',
  'startOrganization',
  'changePassword',
  'startTotpEnrolment',
  'enableTotp',
  'disableTotp',
];

type Outcome = 'own' | 'NOT_FOUND' | 'FORBIDDEN';

/**
 * Teams own clusters: a member of team A, signed in, and a key of team A run every query and
 * mutation against team B's objects and get NOT_FOUND (or FORBIDDEN for what only organisation-wide
 * roles do), never a byte of B's; B's alerts reach only B's and the organisation's endpoints.
 */
describe('teams', () => {
  let ctx: TestContext;
  const receiver = new WebhookReceiver();
  let ownerKey = '';
  const b = { teamId: '', clusterId: '', findingId: '', exceptionId: '', endpointId: '', deliveryId: '', keyId: '' };
  let teamA = '';
  let clusterA = '';
  let member: Browser;
  let teamKey = '';
  let secrets: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    const org = await ctx.newOrg('Teamed');
    ownerKey = org.ownerKey;
    const owner = clientFor(ctx.url, ownerKey);
    const team = async (name: string) =>
      (
        await owner.request<{ createTeam: { id: string } }>('mutation ($n: String!) { createTeam(name: $n) { id } }', {
          n: name,
        })
      ).createTeam.id;
    teamA = await team('team-alpha');
    b.teamId = await team('team-bravo');
    const register = async (name: string, teamId: string) => {
      const r = await owner.request<{
        registerCluster: { cluster: { id: string; teamId: string }; agentToken: string };
      }>(
        'mutation ($n: String!, $t: ID) { registerCluster(name: $n, teamId: $t) { cluster { id teamId } agentToken } }',
        { n: name, t: teamId },
      );
      expect(r.registerCluster.cluster.teamId).toBe(teamId);
      return r.registerCluster;
    };
    const a = await register('alpha-prod', teamA);
    clusterA = a.cluster.id;
    const bravo = await register('bravo-prod', b.teamId);
    b.clusterId = bravo.cluster.id;
    for (const [token, clusterId, name] of [
      [a.agentToken, clusterA, 'alpha-api'],
      [bravo.agentToken, b.clusterId, 'bravo-payments'],
    ] as const) {
      const s = snapshotOf([deployment(name, { privileged: true })], new Date(Date.UTC(2026, 10, 30, 8)).toISOString());
      expect((await post(ctx.url, token, s)).status).toBe(202);
      await settled(ctx.sql, clusterId, s.snapshotId);
    }
    const findings = await owner.request<{ findings: { edges: { node: { id: string } }[] } }>(
      'query ($c: ID!) { findings(filter: { clusterIds: [$c] }) { edges { node { id } } } }',
      { c: b.clusterId },
    );
    b.findingId = findings.findings.edges[0]!.node.id;
    b.exceptionId = (
      await owner.request<{ createException: { id: string } }>(
        'mutation ($c: ID!) { createException(input: { clusterId: $c, ruleId: "privileged-container", reason: "bravo reason text", owner: "bravo-owner", expiresAt: "2027-06-01T00:00:00Z" }) { id } }',
        { c: b.clusterId },
      )
    ).createException.id;
    const base = await receiver.start();
    const endpoint = async (path: string, teamId: string | null) =>
      (
        await owner.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
          'mutation ($u: String!, $t: ID) { createWebhookEndpoint(input: { url: $u, teamId: $t, description: "pager" }) { endpoint { id } } }',
          { u: `${base}/${path}`, t: teamId },
        )
      ).createWebhookEndpoint.endpoint.id;
    b.endpointId = await endpoint('bravo-hook', b.teamId);
    await endpoint('alpha-hook', teamA);
    await endpoint('org-hook', null);
    b.deliveryId = (
      await owner.request<{ testWebhookEndpoint: { deliveryId: string } }>(
        'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { deliveryId } }',
        { id: b.endpointId },
      )
    ).testWebhookEndpoint.deliveryId;
    b.keyId = (
      await owner.request<{ createApiKey: { apiKey: { id: string } } }>(
        'mutation ($t: ID) { createApiKey(name: "bravo-ci", role: ADMIN, teamId: $t) { apiKey { id } } }',
        { t: b.teamId },
      )
    ).createApiKey.apiKey.id;
    teamKey = (
      await owner.request<{ createApiKey: { key: string } }>(
        'mutation ($t: ID) { createApiKey(name: "alpha-ci", role: ADMIN, teamId: $t) { key } }',
        { t: teamA },
      )
    ).createApiKey.key;
    // A member of team A, as an admin of that team only.
    const invite = await owner.request<{ createInvitation: { link: string } }>(
      'mutation ($t: ID!) { createInvitation(email: "alpha@example.com", access: { role: ADMIN, teamIds: [$t] }) { link } }',
      { t: teamA },
    );
    member = new Browser(ctx.url);
    await member.post('/auth/invitations/accept', {
      token: invite.createInvitation.link.split('#token=')[1],
      password: 'a member passphrase of team a',
    });
    secrets = [
      ...Object.values(b),
      'bravo-prod',
      'bravo-payments',
      'bravo reason text',
      'bravo-owner',
      'bravo-hook',
      'bravo-ci',
      'team-bravo',
    ];
  });
  afterAll(async () => {
    await receiver.stop();
    await ctx?.close();
  });

  const window = { from: '2026-11-01T00:00:00Z', to: '2026-12-31T00:00:00Z' };
  const operations = (): Record<string, { query: string; variables?: Record<string, unknown>; outcome: Outcome }> => ({
    apiKeys: { query: '{ apiKeys { id name teamId } }', outcome: 'own' },
    auditLog: { query: '{ auditLog { edges { node { action } } } }', outcome: 'FORBIDDEN' },
    clusters: { query: '{ clusters { id name } }', outcome: 'own' },
    cluster: {
      query: 'query ($c: ID!) { cluster(id: $c) { id name } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    findingGroups: {
      query: 'query ($c: ID!) { findingGroups(by: WORKLOAD, filter: { clusterIds: [$c] }) { groups { key name } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    postureOverview: {
      query: '{ postureOverview { score clusters { cluster { id name } } topRules { groups { key } } } }',
      outcome: 'own',
    },
    rule: { query: '{ rule(id: "privileged-container") { id } }', outcome: 'own' },
    clusterDeletions: { query: '{ clusterDeletions { id } }', outcome: 'FORBIDDEN' },
    drift: {
      query:
        'query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to) { truncated } }',
      variables: { c: b.clusterId, ...window },
      outcome: 'NOT_FOUND',
    },
    evaluations: {
      query: 'query ($c: ID!) { evaluations(clusterId: $c) { edges { cursor } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    exceptions: { query: '{ exceptions(includeInactive: true) { id reason } }', outcome: 'own' },
    failedSnapshots: {
      query: 'query ($c: ID!) { failedSnapshots(clusterId: $c) { id } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    finding: {
      query: 'query ($id: ID!) { finding(id: $id) { id } }',
      variables: { id: b.findingId },
      outcome: 'NOT_FOUND',
    },
    findings: {
      query: 'query ($c: ID!) { findings(filter: { clusterIds: [$c] }) { edges { node { id } } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    invitations: { query: '{ invitations { id } }', outcome: 'FORBIDDEN' },
    identityProvider: { query: '{ identityProvider { issuer } }', outcome: 'FORBIDDEN' },
    configureIdentityProvider: {
      query:
        'mutation { configureIdentityProvider(input: { issuer: "https://idp.example", clientId: "c" }) { issuer } }',
      outcome: 'FORBIDDEN',
    },
    removeIdentityProvider: { query: 'mutation { removeIdentityProvider }', outcome: 'FORBIDDEN' },
    me: { query: '{ me { role teamIds } }', outcome: 'own' },
    members: { query: '{ members { id user { email } } }', outcome: 'own' },
    objectChanges: {
      query: 'query ($c: ID!) { objectChanges(clusterId: $c) { edges { node { name } } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    organizationSettings: { query: '{ organizationSettings { trustedRegistries } }', outcome: 'own' },
    postureTrend: {
      query:
        'query ($c: ID!, $from: DateTime!, $to: DateTime!) { postureTrend(clusterId: $c, from: $from, to: $to) { score } }',
      variables: { c: b.clusterId, ...window },
      outcome: 'NOT_FOUND',
    },
    rules: { query: '{ rules { id } }', outcome: 'own' },
    whoCan: {
      query: 'query ($c: ID!) { whoCan(clusterId: $c, verb: "get", resource: "secrets") { subject { name } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    subjectPermissions: {
      query:
        'query ($c: ID!) { subjectPermissions(clusterId: $c, subject: { kind: User, name: "b" }) { permissions { binding { name } } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    frameworks: { query: '{ frameworks { id controls { id } } }', outcome: 'own' },
    complianceTrend: {
      query: 'query ($c: ID!) { complianceTrend(framework: "cis-1.10", clusterIds: [$c]) { at summary { pass } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    complianceReport: {
      query:
        'query ($c: ID!) { complianceReport(framework: "cis-1.10", clusterIds: [$c]) { summary { pass } controls { evidence { edges { node { id } } } } } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    framework: { query: '{ framework(id: "cis-1.10") { id } }', outcome: 'own' },
    teams: { query: '{ teams { id name } }', outcome: 'own' },
    webhookEndpoints: { query: '{ webhookEndpoints { id url } }', outcome: 'own' },
    webhookDeliveries: {
      query: 'query ($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { id } } } }',
      variables: { id: b.endpointId },
      outcome: 'NOT_FOUND',
    },
    assignCluster: {
      query: 'mutation ($c: ID!, $t: ID) { assignCluster(clusterId: $c, teamId: $t) { id } }',
      variables: { c: b.clusterId, t: teamA },
      outcome: 'FORBIDDEN',
    },
    createApiKey: {
      query: 'mutation ($t: ID) { createApiKey(name: "x", role: VIEWER, teamId: $t) { key } }',
      variables: { t: b.teamId },
      outcome: 'NOT_FOUND',
    },
    createException: {
      query:
        'mutation ($c: ID!) { createException(input: { clusterId: $c, ruleId: "privileged-container", reason: "alpha reason text", owner: "a", expiresAt: "2027-06-01T00:00:00Z" }) { id } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    createInvitation: {
      query:
        'mutation ($t: ID!) { createInvitation(email: "x@example.com", access: { role: VIEWER, teamIds: [$t] }) { mailed } }',
      variables: { t: b.teamId },
      outcome: 'FORBIDDEN',
    },
    createTeam: { query: 'mutation { createTeam(name: "mine") { id } }', outcome: 'FORBIDDEN' },
    createWebhookEndpoint: {
      query:
        'mutation ($t: ID) { createWebhookEndpoint(input: { url: "https://hooks.example.com/x", teamId: $t }) { endpoint { id } } }',
      variables: { t: b.teamId },
      outcome: 'NOT_FOUND',
    },
    createAlertDestination: {
      query:
        'mutation ($t: ID) { createAlertDestination(input: { kind: SLACK, url: "https://hooks.example.com/x", teamId: $t }) { id } }',
      variables: { t: b.teamId },
      outcome: 'NOT_FOUND',
    },
    deleteCluster: {
      query: 'mutation ($c: ID!) { deleteCluster(id: $c) }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    deleteTeam: {
      query: 'mutation ($t: ID!) { deleteTeam(id: $t) { id } }',
      variables: { t: b.teamId },
      outcome: 'FORBIDDEN',
    },
    deleteWebhookEndpoint: {
      query: 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }',
      variables: { id: b.endpointId },
      outcome: 'NOT_FOUND',
    },
    redeliverWebhook: {
      query: 'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) }',
      variables: { id: b.deliveryId },
      outcome: 'NOT_FOUND',
    },
    registerCluster: {
      query: 'mutation ($t: ID) { registerCluster(name: "sneaky", teamId: $t) { cluster { id } } }',
      variables: { t: b.teamId },
      outcome: 'NOT_FOUND',
    },
    removeMember: {
      query: 'mutation ($id: ID!) { removeMember(id: $id) { id } }',
      variables: { id: b.teamId },
      outcome: 'FORBIDDEN',
    },
    requestReevaluation: {
      query: 'mutation ($c: ID!) { requestReevaluation(clusterId: $c) }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    revokeApiKey: {
      query: 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }',
      variables: { id: b.keyId },
      outcome: 'NOT_FOUND',
    },
    revokeClusterToken: {
      query: 'mutation ($c: ID!) { revokeClusterToken(clusterId: $c) }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    revokeException: {
      query: 'mutation ($id: ID!) { revokeException(id: $id) { id } }',
      variables: { id: b.exceptionId },
      outcome: 'NOT_FOUND',
    },
    revokeInvitation: {
      query: 'mutation ($id: ID!) { revokeInvitation(id: $id) { id } }',
      variables: { id: b.teamId },
      outcome: 'FORBIDDEN',
    },
    rotateClusterToken: {
      query: 'mutation ($c: ID!) { rotateClusterToken(clusterId: $c) { agentToken } }',
      variables: { c: b.clusterId },
      outcome: 'NOT_FOUND',
    },
    rotateWebhookSecret: {
      query: 'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      variables: { id: b.endpointId },
      outcome: 'NOT_FOUND',
    },
    testWebhookEndpoint: {
      query: 'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded } }',
      variables: { id: b.endpointId },
      outcome: 'NOT_FOUND',
    },
    updateMember: {
      query: 'mutation ($id: ID!) { updateMember(id: $id, access: { role: VIEWER }) { id } }',
      variables: { id: b.teamId },
      outcome: 'FORBIDDEN',
    },
    updateOrganizationSettings: {
      query:
        'mutation { updateOrganizationSettings(input: { trustedRegistries: ["x.example/"] }) { trustedRegistries } }',
      outcome: 'FORBIDDEN',
    },
    updateTeam: {
      query: 'mutation ($t: ID!) { updateTeam(id: $t, name: "renamed") { id } }',
      variables: { t: b.teamId },
      outcome: 'FORBIDDEN',
    },
    updateWebhookEndpoint: {
      query: 'mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }',
      variables: { id: b.endpointId },
      outcome: 'NOT_FOUND',
    },
  });

  it('covers every query and mutation of the schema', () => {
    const schema = ctx.api.get(GraphQLSchemaHost).schema;
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ];
    expect(Object.keys(operations()).sort()).toEqual(fields.filter((f) => !NOT_WALKED.includes(f)).sort());
  });

  for (const as of ['a team’s member, signed in', 'a team’s API key'] as const) {
    it(`answers ${as} about another team's objects as NOT_FOUND, and never shows them`, async () => {
      const call = async (query: string, variables?: Record<string, unknown>) => {
        if (as === 'a team’s API key') {
          const res = await fetch(`${ctx.url}/graphql`, {
            method: 'POST',
            headers: { authorization: `Bearer ${teamKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables }),
          });
          return (await res.json()) as { errors?: { extensions: { code: string } }[] };
        }
        return (await member.post<{ errors?: { extensions: { code: string } }[] }>('/graphql', { query, variables }))
          .body;
      };
      for (const [name, op] of Object.entries(operations())) {
        const outcome = await call(op.query, op.variables);
        const text = JSON.stringify(outcome);
        const sent = op.query + JSON.stringify(op.variables ?? {});
        for (const secret of secrets.filter((s) => !sent.includes(s)))
          expect(text, `${name} leaked "${secret}"`).not.toContain(secret);
        if (op.outcome === 'own') expect(outcome.errors, `${name}: ${text}`).toBeUndefined();
        else expect(outcome.errors?.[0]?.extensions.code, `${name}: ${text}`).toBe(op.outcome);
      }
      // Team B's objects are all still there.
      const still = await clientFor(ctx.url, ownerKey).request<{
        clusters: { id: string }[];
        webhookEndpoints: { id: string; enabled: boolean }[];
        exceptions: { id: string }[];
      }>('{ clusters { id } webhookEndpoints { id enabled } exceptions { id } }');
      expect(still.clusters.map((c) => c.id)).toContain(b.clusterId);
      expect(still.webhookEndpoints.find((e) => e.id === b.endpointId)?.enabled).toBe(true);
      expect(still.exceptions.map((e) => e.id)).toContain(b.exceptionId);
    });
  }

  it('shows a team its own clusters, findings and keys, and makes what it creates its own', async () => {
    const { clusters } = await member.graphql<{ clusters: { id: string }[] }>('{ clusters { id } }');
    expect(clusters.map((c) => c.id)).toEqual([clusterA]);
    const { findings } = await member.graphql<{ findings: { edges: { node: { clusterId: string } }[] } }>(
      '{ findings { edges { node { clusterId } } } }',
    );
    expect(findings.edges.length).toBeGreaterThan(0);
    expect(new Set(findings.edges.map((e) => e.node.clusterId))).toEqual(new Set([clusterA]));
    const created = await member.graphql<{ registerCluster: { cluster: { teamId: string } } }>(
      'mutation { registerCluster(name: "alpha-staging") { cluster { teamId } } }',
    );
    expect(created.registerCluster.cluster.teamId).toBe(teamA);
    const { createApiKey } = await member.graphql<{ createApiKey: { apiKey: { teamId: string } } }>(
      'mutation { createApiKey(name: "alpha-bot", role: VIEWER) { apiKey { teamId } } }',
    );
    expect(createApiKey.apiKey.teamId).toBe(teamA);
    expect(
      await refusal(
        member.graphql(
          'mutation { createException(input: { ruleId: "privileged-container", reason: "everywhere at once", owner: "a", expiresAt: "2027-01-01T00:00:00Z" }) { id } }',
        ),
      ),
    ).toBe('BAD_USER_INPUT: clusterId: is required: a team’s exceptions apply to its own clusters.');
  });

  it("sends a team's clusters' alerts to that team's endpoints and the organisation's, not another team's", async () => {
    const before = receiver.received.length;
    const rotated = await clientFor(ctx.url, ownerKey).request<{ rotateClusterToken: { agentToken: string } }>(
      'mutation ($c: ID!) { rotateClusterToken(clusterId: $c) { agentToken } }',
      { c: clusterA },
    );
    const s = snapshotOf(
      [deployment('alpha-api', { privileged: true }), deployment('alpha-worker', { hostPID: true })],
      new Date(Date.UTC(2026, 10, 30, 9)).toISOString(),
    );
    expect((await post(ctx.url, rotated.rotateClusterToken.agentToken, s)).status).toBe(202);
    await settled(ctx.sql, clusterA, s.snapshotId);
    await eventually(async () => {
      const got = receiver.received.slice(before).filter((r) => r.body.includes('finding.opened'));
      return got.length >= 2 ? got : undefined;
    }, 'alerts of team A delivered');
    const { rows: deliveries } = await ctx.sql.query<{ description: string; url: string; n: string }>(
      `SELECT p.url, count(d.id) AS n FROM "WebhookEndpoint" p
       LEFT JOIN "WebhookDelivery" d ON d."endpointId" = p.id
         AND d."eventId" IN (SELECT id FROM "WebhookEvent" WHERE "clusterId" = $1 AND type = 'evaluation')
       GROUP BY p.url`,
      [clusterA],
    );
    const byPath = Object.fromEntries(deliveries.map((d) => [d.url.slice(d.url.lastIndexOf('/')), Number(d.n)]));
    expect(byPath['/alpha-hook']).toBeGreaterThan(0);
    expect(byPath['/org-hook']).toBeGreaterThan(0);
    expect(byPath['/bravo-hook']).toBe(0);
  });

  it('deletes a team only once it owns nothing; its keys stop working with it', async () => {
    const owner = clientFor(ctx.url, ownerKey);
    const { createTeam } = await owner.request<{ createTeam: { id: string } }>(
      'mutation { createTeam(name: "short-lived") { id } }',
    );
    const { registerCluster } = await owner.request<{ registerCluster: { cluster: { id: string } } }>(
      'mutation ($t: ID) { registerCluster(name: "short-lived-prod", teamId: $t) { cluster { id } } }',
      { t: createTeam.id },
    );
    const { createApiKey } = await owner.request<{ createApiKey: { key: string } }>(
      'mutation ($t: ID) { createApiKey(name: "short-lived-ci", role: VIEWER, teamId: $t) { key } }',
      { t: createTeam.id },
    );
    const del = () => owner.request('mutation ($t: ID!) { deleteTeam(id: $t) { id } }', { t: createTeam.id });
    expect(await failureOf(del())).toBe(
      'BAD_USER_INPUT: id: the team owns 1 cluster(s) and 0 alert endpoint(s) are its own or routed to it; give them to another team (assignCluster), change or delete them first.',
    );
    await owner.request('mutation ($c: ID!) { assignCluster(clusterId: $c, teamId: null) { id } }', {
      c: registerCluster.cluster.id,
    });
    await del();
    const res = await fetch(`${ctx.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${createApiKey.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ clusters { id } }' }),
    });
    expect(res.status).toBe(401);
  });
});
