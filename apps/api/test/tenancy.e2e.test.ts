import { createRequire } from 'node:module';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLClient } from 'graphql-request';
import { createTestContext, type TestContext } from './support/context';
import { Browser } from './support/browser';
import { WebhookReceiver } from './support/receiver';
import { post, settled, snapshotOf } from './support/snapshots';

const graphql = createRequire(__filename)('graphql') as typeof import('graphql');

type GqlError = { message: string; extensions: { code: string } };
interface Outcome {
  data?: unknown;
  errors?: GqlError[];
}

const deployment = (name: string, privileged: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'secret-project' },
  spec: {
    template: { spec: { containers: [{ name: 'app', image: 'ghcr.io/a/app:1', securityContext: { privileged } }] } },
  },
});

/**
 * Every query and mutation, called by a second organisation with the first one's ids: each
 * answers NOT_FOUND (exactly as for a missing id) or with the caller's own data, and nothing of
 * the first organisation appears in any answer. Then every mutation with each role below it.
 */
/** Operations that take the operator token, not an API key. */
const OPERATOR_ONLY = ['createOrganization', 'deleteOrganization', 'deletion'];
/** Operations on the signed-in user's own account: a session, never an API key (walked below). */
const ANY_ID = '019ad000-0000-7000-8000-000000000000';
const SESSION_OPERATIONS: Record<string, string> = {
  viewer: '{ viewer { user { id } } }',
  switchOrganization: `mutation { switchOrganization(organizationId: "${ANY_ID}") { user { id } } }`,
  revokeSession: `mutation { revokeSession(id: "${ANY_ID}") { count } }`,
  signOutEverywhere: 'mutation { signOutEverywhere { count } }',
  startOrganization: 'mutation { startOrganization(name: "x") { id } }',
  changePassword: 'mutation { changePassword(currentPassword: "a", newPassword: "b") }',
  startTotpEnrolment: 'mutation { startTotpEnrolment { secret } }',
  enableTotp: 'mutation { enableTotp(code: "123456") }',
  disableTotp: 'mutation { disableTotp(code: "123456") }',
};
const SESSION_ONLY = Object.keys(SESSION_OPERATIONS);
const INVITE =
  'mutation ($e: String!) { createInvitation(email: $e, access: { role: VIEWER }) { link invitation { id } } }';

describe('tenancy and roles', () => {
  let ctx: TestContext;
  const a = {
    key: '',
    clusterId: '',
    findingId: '',
    exceptionId: '',
    apiKeyId: '',
    endpointId: '',
    memberId: '',
    invitationId: '',
    sessionId: '',
    organizationId: '',
    teamId: '',
    deliveryId: '',
    secrets: [] as string[],
  };
  const receiver = new WebhookReceiver();
  let bKey = '';
  const call = async (key: string, query: string, variables: Record<string, unknown> = {}): Promise<Outcome> => {
    const res = await fetch(`${ctx.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Outcome;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    const orgA = await ctx.newOrg('Alpha Secret Org');
    a.key = orgA.ownerKey;
    const cluster = await ctx.newCluster(orgA.organizationId, 'alpha-prod');
    a.clusterId = cluster.clusterId;
    for (const [minute, privileged] of [
      [0, false],
      [5, true],
    ] as const) {
      const s = snapshotOf(
        [deployment('alpha-payments', privileged)],
        new Date(Date.UTC(2026, 10, 26, 8, minute)).toISOString(),
      );
      expect((await post(ctx.url, cluster.agentToken, s)).status).toBe(202);
      await settled(ctx.sql, a.clusterId, s.snapshotId);
    }
    const client = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${a.key}` } });
    const f = await client.request<{ findings: { edges: { node: { id: string } }[] } }>(
      '{ findings { edges { node { id } } } }',
    );
    a.findingId = f.findings.edges[0]!.node.id;
    const x = await client.request<{ createException: { id: string } }>(
      'mutation ($c: ID!) { createException(input: { clusterId: $c, ruleId: "privileged-container", reason: "alpha reason text", owner: "alpha-owner", expiresAt: "2027-06-01T00:00:00Z" }) { id } }',
      { c: a.clusterId },
    );
    a.exceptionId = x.createException.id;
    const k = await client.request<{ createApiKey: { apiKey: { id: string } } }>(
      'mutation { createApiKey(name: "alpha-ci", role: VIEWER) { apiKey { id } } }',
    );
    a.apiKeyId = k.createApiKey.apiKey.id;
    const hookUrl = `${await receiver.start()}/alpha-hook-path`;
    const e = await client.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
      'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, description: "alpha pager" }) { endpoint { id } } }',
      { url: hookUrl },
    );
    a.endpointId = e.createWebhookEndpoint.endpoint.id;
    const t = await client.request<{ testWebhookEndpoint: { deliveryId: string; succeeded: boolean } }>(
      'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { deliveryId succeeded } }',
      { id: a.endpointId },
    );
    expect(t.testWebhookEndpoint.succeeded).toBe(true);
    a.deliveryId = t.testWebhookEndpoint.deliveryId;
    // A member signed in, and an invitation pending.
    const joined = await client.request<{ createInvitation: { link: string } }>(INVITE, {
      e: 'alpha-member@alpha.example',
    });
    const alpha = new Browser(ctx.url);
    await alpha.post('/auth/invitations/accept', {
      token: joined.createInvitation.link.split('#token=')[1],
      password: 'alpha member passphrase',
    });
    const v = await alpha.graphql<{ viewer: { sessions: { id: string }[] } }>('{ viewer { sessions { id } } }');
    a.sessionId = v.viewer.sessions[0]!.id;
    a.memberId = (await client.request<{ members: { id: string }[] }>('{ members { id } }')).members[0]!.id;
    a.invitationId = (
      await client.request<{ createInvitation: { invitation: { id: string } } }>(INVITE, {
        e: 'alpha-later@alpha.example',
      })
    ).createInvitation.invitation.id;
    a.organizationId = orgA.organizationId;
    a.teamId = (
      await client.request<{ createTeam: { id: string } }>('mutation { createTeam(name: "alpha-team") { id } }')
    ).createTeam.id;
    a.secrets = [
      a.memberId,
      a.invitationId,
      a.teamId,
      'alpha-team',
      a.sessionId,
      'alpha-member@alpha.example',
      'alpha-later@alpha.example',
      orgA.organizationId,
      a.clusterId,
      a.findingId,
      a.exceptionId,
      a.apiKeyId,
      'Alpha Secret Org',
      'alpha-prod',
      'alpha-payments',
      'secret-project',
      'alpha reason text',
      'alpha-ci',
      a.endpointId,
      a.deliveryId,
      'alpha-hook-path',
      'alpha pager',
    ];
    bKey = (await ctx.newOrg('Beta')).ownerKey;
  });
  afterAll(async () => {
    await receiver.stop();
    await ctx?.close();
  });

  const window = { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' };
  /** Every operation with the first organisation's ids; `own` when it answers with the caller's own data. */
  const operations = (): Record<string, { query: string; variables?: Record<string, unknown>; own?: true }> => ({
    apiKeys: { query: '{ apiKeys { id name } }', own: true },
    auditLog: { query: '{ auditLog { edges { node { action targetId details } } } }', own: true },
    clusters: { query: '{ clusters { id name } }', own: true },
    cluster: { query: 'query ($c: ID!) { cluster(id: $c) { id name } }', variables: { c: a.clusterId } },
    findingGroups: {
      query: 'query ($c: ID!) { findingGroups(by: WORKLOAD, filter: { clusterIds: [$c] }) { groups { key name } } }',
      variables: { c: a.clusterId },
    },
    postureOverview: {
      query: '{ postureOverview { score clusters { cluster { id name } } topRules { groups { key } } } }',
      own: true,
    },
    rule: { query: '{ rule(id: "privileged-container") { id } }', own: true },
    clusterDeletions: { query: '{ clusterDeletions { id name clusterId } }', own: true },
    drift: {
      query:
        'query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to) { truncated } }',
      variables: { c: a.clusterId, ...window },
    },
    evaluations: {
      query: 'query ($c: ID!) { evaluations(clusterId: $c) { edges { cursor } } }',
      variables: { c: a.clusterId },
    },
    exceptions: { query: '{ exceptions(includeInactive: true) { id reason } }', own: true },
    failedSnapshots: {
      query: 'query ($c: ID!) { failedSnapshots(clusterId: $c) { id reason } }',
      variables: { c: a.clusterId },
    },
    finding: { query: 'query ($id: ID!) { finding(id: $id) { id events { id } } }', variables: { id: a.findingId } },
    findings: {
      query: 'query ($c: ID!) { findings(filter: { clusterIds: [$c] }) { edges { node { id } } } }',
      variables: { c: a.clusterId },
    },
    me: { query: '{ me { organization { id name } apiKey { id } } }', own: true },
    objectChanges: {
      query: 'query ($c: ID!) { objectChanges(clusterId: $c) { edges { node { name } } } }',
      variables: { c: a.clusterId },
    },
    organizationSettings: { query: '{ organizationSettings { trustedRegistries } }', own: true },
    postureTrend: {
      query:
        'query ($c: ID!, $from: DateTime!, $to: DateTime!) { postureTrend(clusterId: $c, from: $from, to: $to) { score } }',
      variables: { c: a.clusterId, ...window },
    },
    rules: { query: '{ rules { id } }', own: true },
    whoCan: {
      query: 'query ($c: ID!) { whoCan(clusterId: $c, verb: "get", resource: "secrets") { subject { name } } }',
      variables: { c: a.clusterId },
    },
    subjectPermissions: {
      query:
        'query ($c: ID!) { subjectPermissions(clusterId: $c, subject: { kind: User, name: "alpha" }) { permissions { binding { name } } } }',
      variables: { c: a.clusterId },
    },
    frameworks: { query: '{ frameworks { id controls { id } } }', own: true },
    complianceTrend: {
      query: 'query ($c: ID!) { complianceTrend(framework: "cis-1.10", clusterIds: [$c]) { at summary { pass } } }',
      variables: { c: a.clusterId },
    },
    complianceReport: {
      query:
        'query ($c: ID!) { complianceReport(framework: "cis-1.10", clusterIds: [$c]) { summary { pass } controls { acceptedRisks { reason } evidence { edges { node { id } } } } } }',
      variables: { c: a.clusterId },
    },
    framework: { query: '{ framework(id: "cis-1.10") { id } }', own: true },
    webhookEndpoints: { query: '{ webhookEndpoints { id url description } }', own: true },
    webhookDeliveries: {
      query: 'query ($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { id payload } } } }',
      variables: { id: a.endpointId },
    },
    createApiKey: { query: 'mutation { createApiKey(name: "beta-ci", role: VIEWER) { apiKey { id } } }', own: true },
    members: { query: '{ members { id user { email } } }', own: true },
    teams: { query: '{ teams { id name } }', own: true },
    identityProvider: { query: '{ identityProvider { issuer } }', own: true },
    configureIdentityProvider: {
      query:
        'mutation ($t: ID!) { configureIdentityProvider(input: { issuer: "https://idp.example", clientId: "c", groupMappings: [{ group: "g", role: VIEWER, teamId: $t }] }) { issuer } }',
      variables: { t: a.teamId },
    },
    removeIdentityProvider: { query: 'mutation { removeIdentityProvider }', own: true },
    createTeam: { query: 'mutation { createTeam(name: "beta-team") { id } }', own: true },
    updateTeam: { query: 'mutation ($t: ID!) { updateTeam(id: $t, name: "x") { id } }', variables: { t: a.teamId } },
    deleteTeam: { query: 'mutation ($t: ID!) { deleteTeam(id: $t) { id } }', variables: { t: a.teamId } },
    assignCluster: {
      query: 'mutation ($c: ID!) { assignCluster(clusterId: $c, teamId: null) { id } }',
      variables: { c: a.clusterId },
    },
    invitations: { query: '{ invitations { id email } }', own: true },
    createInvitation: {
      query: 'mutation { createInvitation(email: "beta-new@beta.example", access: { role: VIEWER }) { mailed } }',
      own: true,
    },
    revokeInvitation: {
      query: 'mutation ($id: ID!) { revokeInvitation(id: $id) { id } }',
      variables: { id: a.invitationId },
    },
    updateMember: {
      query: 'mutation ($id: ID!) { updateMember(id: $id, access: { role: VIEWER }) { id } }',
      variables: { id: a.memberId },
    },
    removeMember: { query: 'mutation ($id: ID!) { removeMember(id: $id) { id } }', variables: { id: a.memberId } },
    createException: {
      query:
        'mutation ($c: ID!) { createException(input: { clusterId: $c, ruleId: "privileged-container", reason: "beta reason text", owner: "b", expiresAt: "2027-06-01T00:00:00Z" }) { id } }',
      variables: { c: a.clusterId },
    },
    createWebhookEndpoint: {
      query:
        'mutation ($c: ID!) { createWebhookEndpoint(input: { url: "https://hooks.example.com/x", clusterIds: [$c] }) { endpoint { id } } }',
      variables: { c: a.clusterId },
    },
    createAlertDestination: {
      query:
        'mutation ($c: ID!) { createAlertDestination(input: { kind: SLACK, url: "https://hooks.example.com/x", clusterIds: [$c] }) { id } }',
      variables: { c: a.clusterId },
    },
    deleteCluster: { query: 'mutation ($c: ID!) { deleteCluster(id: $c) }', variables: { c: a.clusterId } },
    deleteWebhookEndpoint: {
      query: 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }',
      variables: { id: a.endpointId },
    },
    redeliverWebhook: {
      query: 'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) }',
      variables: { id: a.deliveryId },
    },
    rotateWebhookSecret: {
      query: 'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      variables: { id: a.endpointId },
    },
    testWebhookEndpoint: {
      query: 'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded } }',
      variables: { id: a.endpointId },
    },
    updateWebhookEndpoint: {
      query: 'mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }',
      variables: { id: a.endpointId },
    },
    registerCluster: { query: 'mutation { registerCluster(name: "alpha-prod") { cluster { id name } } }', own: true },
    requestReevaluation: {
      query: 'mutation ($c: ID!) { requestReevaluation(clusterId: $c) }',
      variables: { c: a.clusterId },
    },
    revokeApiKey: { query: 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', variables: { id: a.apiKeyId } },
    revokeClusterToken: {
      query: 'mutation ($c: ID!) { revokeClusterToken(clusterId: $c) }',
      variables: { c: a.clusterId },
    },
    revokeException: {
      query: 'mutation ($id: ID!) { revokeException(id: $id) { id } }',
      variables: { id: a.exceptionId },
    },
    rotateClusterToken: {
      query: 'mutation ($c: ID!) { rotateClusterToken(clusterId: $c) { agentToken } }',
      variables: { c: a.clusterId },
    },
    updateOrganizationSettings: {
      query:
        'mutation { updateOrganizationSettings(input: { trustedRegistries: ["beta.example/"] }) { trustedRegistries } }',
      own: true,
    },
  });

  it('covers every query and mutation of the schema', () => {
    const schema = ctx.api.get(GraphQLSchemaHost).schema;
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ].filter((f) => !OPERATOR_ONLY.includes(f) && !SESSION_ONLY.includes(f)); // tested below
    expect(Object.keys(operations()).sort()).toEqual(fields.sort());
    expect(graphql.printSchema(schema)).toContain('createOrganization');
  });

  it("answers another organisation's ids as NOT_FOUND and never shows its data", async () => {
    for (const [name, op] of Object.entries(operations())) {
      const outcome = await call(bKey, op.query, op.variables);
      const text = JSON.stringify(outcome);
      // What the caller sent may come back (an id in the error naming it); nothing else may.
      const sent = op.query + JSON.stringify(op.variables ?? {});
      for (const secret of a.secrets.filter((s) => !sent.includes(s)))
        expect(text, `${name} leaked "${secret}"`).not.toContain(secret);
      if (op.own) expect(outcome.errors, `${name}: ${text}`).toBeUndefined();
      else expect(outcome.errors?.[0]?.extensions.code, `${name}: ${text}`).toBe('NOT_FOUND');
    }
    // And the first organisation still has everything.
    const still = await call(
      a.key,
      '{ clusters { id } exceptions { id } findings { totalCount } webhookEndpoints { id enabled } }',
    );
    expect(still.data).toMatchObject({
      clusters: [{ id: a.clusterId }],
      exceptions: [{ id: a.exceptionId }],
      webhookEndpoints: [{ id: a.endpointId, enabled: true }],
    });
    // An API key cannot create or delete organisations, nor follow their deletion: that takes the operator token.
    for (const query of [
      'mutation { createOrganization(name: "x") { ownerApiKey } }',
      `mutation { deleteOrganization(id: "${a.clusterId}") { id } }`,
      `{ deletion(id: "${a.clusterId}") { id } }`,
    ])
      expect((await call(bKey, query)).errors?.[0]?.extensions.code, query).toBe('UNAUTHENTICATED');
  });

  it('refuses every mutation to roles below it', async () => {
    const client = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${bKey}` } });
    const keyFor = async (role: string) =>
      (
        await client.request<{ createApiKey: { key: string } }>(
          `mutation { createApiKey(name: "r", role: ${role}) { key } }`,
        )
      ).createApiKey.key;
    const least: Record<string, string> = {
      createApiKey: 'ADMIN',
      createInvitation: 'ADMIN',
      createTeam: 'ADMIN',
      configureIdentityProvider: 'OWNER',
      removeIdentityProvider: 'OWNER',
      updateTeam: 'ADMIN',
      deleteTeam: 'ADMIN',
      assignCluster: 'ADMIN',
      revokeInvitation: 'ADMIN',
      updateMember: 'ADMIN',
      removeMember: 'ADMIN',
      createException: 'MEMBER',
      createWebhookEndpoint: 'ADMIN',
      createAlertDestination: 'ADMIN',
      deleteCluster: 'ADMIN',
      deleteWebhookEndpoint: 'ADMIN',
      redeliverWebhook: 'ADMIN',
      rotateWebhookSecret: 'ADMIN',
      testWebhookEndpoint: 'ADMIN',
      updateWebhookEndpoint: 'ADMIN',
      registerCluster: 'ADMIN',
      requestReevaluation: 'MEMBER',
      revokeApiKey: 'ADMIN',
      revokeClusterToken: 'ADMIN',
      revokeException: 'MEMBER',
      rotateClusterToken: 'ADMIN',
      updateOrganizationSettings: 'ADMIN',
    };
    const schema = ctx.api.get(GraphQLSchemaHost).schema;
    expect(Object.keys(least).sort()).toEqual(
      Object.keys(schema.getMutationType()!.getFields())
        .filter((f) => !OPERATOR_ONLY.includes(f) && !SESSION_ONLY.includes(f))
        .sort(),
    );
    const ranks = ['VIEWER', 'MEMBER', 'ADMIN', 'OWNER'];
    const keys = { VIEWER: await keyFor('VIEWER'), MEMBER: await keyFor('MEMBER'), ADMIN: await keyFor('ADMIN') };
    const ops = operations();
    for (const [mutation, role] of Object.entries(least)) {
      for (const below of ranks.slice(0, ranks.indexOf(role))) {
        const outcome = await call(keys[below as keyof typeof keys], ops[mutation]!.query, ops[mutation]!.variables);
        expect(outcome.errors?.[0]?.extensions.code, `${mutation} as ${below}: ${JSON.stringify(outcome)}`).toBe(
          'FORBIDDEN',
        );
        expect(outcome.errors?.[0]?.message).toContain(`needs ${role}`);
      }
    }
  });

  it("refuses API keys on the user's own account, and finds nothing of another user's", async () => {
    for (const [field, query] of Object.entries(SESSION_OPERATIONS)) {
      const outcome = await call(bKey, query);
      expect(outcome.errors?.[0]?.message, `${field}: ${JSON.stringify(outcome)}`).toBe(
        'This needs a signed-in user (a session cookie), not an API key.',
      );
    }
    const beta = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${bKey}` } });
    const invited = await beta.request<{ createInvitation: { link: string } }>(INVITE, { e: 'beta-user@beta.example' });
    const user = new Browser(ctx.url);
    await user.post('/auth/invitations/accept', {
      token: invited.createInvitation.link.split('#token=')[1],
      password: 'beta member passphrase',
    });
    const refused = async (query: string, variables: Record<string, unknown>) => {
      const res = await user.post<{ errors?: GqlError[] }>('/graphql', { query, variables });
      const text = JSON.stringify(res.body);
      for (const secret of a.secrets.filter((s) => !JSON.stringify(variables).includes(s)))
        expect(text, `leaked "${secret}"`).not.toContain(secret);
      return res.body.errors?.[0]?.extensions.code;
    };
    expect(
      await refused('mutation ($o: ID!) { switchOrganization(organizationId: $o) { current { role } } }', {
        o: a.organizationId,
      }),
    ).toBe('NOT_FOUND');
    expect(await refused('mutation ($id: ID!) { revokeSession(id: $id) { count } }', { id: a.sessionId })).toBe(
      'NOT_FOUND',
    );
    expect(await refused('{ viewer { memberships { organization { id } } sessions { id } } }', {})).toBeUndefined();
    // The first organisation's member is still signed in.
    const { rows } = await ctx.sql.query(`SELECT "revokedAt" FROM "Session" WHERE id = $1`, [a.sessionId]);
    expect(rows[0].revokedAt).toBeNull();
  });
});
