import { RefusalAuditService } from '../src/modules/audit/refusal-audit.service';
import { createTestContext, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { post, snapshotOf } from './support/snapshots';
import { scopeOf } from '../src/modules/auth/scope';

/** API keys, roles and the audit log, through HTTP with a real GraphQL client. */
describe('identity and audit', () => {
  let ctx: TestContext;
  const as = (key: string) => clientFor(ctx.url, key);
  const failure = failureOf;
  const create = (key: string, name: string, role: string) =>
    as(key).request<{ createApiKey: { key: string; apiKey: { id: string; role: string; prefix: string } } }>(
      'mutation ($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { key apiKey { id role prefix } } }',
      { name, role },
    );

  beforeAll(async () => {
    // Refusals are audited when the test flushes them, not on a timer.
    ctx = await createTestContext({ AUDIT_REFUSALS_WINDOW_MS: '3600000' }, { worker: false });
  });
  afterAll(() => ctx?.close());

  it('issues keys up to the caller’s role, which work at once and stop at once when revoked', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg('Acme');
    const me = await as(ownerKey).request<{
      me: { organization: { id: string; name: string }; apiKey: { role: string } };
    }>('{ me { organization { id name } apiKey { role name prefix lastUsedAt } } }');
    expect(me.me).toMatchObject({ organization: { id: organizationId, name: 'Acme' }, apiKey: { role: 'OWNER' } });

    const admin = (await create(ownerKey, 'ci', 'ADMIN')).createApiKey;
    expect(admin.key.startsWith(admin.apiKey.prefix)).toBe(true);
    expect(
      (await as(admin.key).request<{ me: { apiKey: { id: string } } }>('{ me { apiKey { id } } }')).me.apiKey.id,
    ).toBe(admin.apiKey.id);
    // An admin may not mint an owner; a viewer may not mint anything.
    expect(await failure(create(admin.key, 'escalate', 'OWNER'))).toBe(
      'FORBIDDEN: Your role (ADMIN) may not create a OWNER key.',
    );
    const viewer = (await create(admin.key, 'dashboards', 'VIEWER')).createApiKey;
    expect(await failure(create(viewer.key, 'x', 'VIEWER'))).toMatch(
      /^FORBIDDEN: Your role \(VIEWER\) may not call createApiKey/,
    );
    expect(await failure(create(admin.key, ' ', 'VIEWER'))).toBe('BAD_USER_INPUT: name: must be 1 to 100 characters.');

    const revoke = (key: string, id: string) =>
      as(key).request('mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', { id });
    await revoke(admin.key, viewer.apiKey.id);
    expect(await failure(as(viewer.key).request('{ clusters { id } }'))).toBe(
      'UNAUTHENTICATED: The API key is invalid or has been revoked.',
    );
    // Not a key of a higher role, not another organisation's, not the last owner.
    const keys = await as(ownerKey).request<{ apiKeys: { id: string; role: string }[] }>('{ apiKeys { id role } }');
    const owner = keys.apiKeys.find((k) => k.role === 'OWNER')!;
    expect(await failure(revoke(admin.key, owner.id))).toBe('FORBIDDEN: Your role (ADMIN) may not revoke a OWNER key.');
    expect(await failure(revoke(ownerKey, owner.id))).toMatch(/^BAD_USER_INPUT: id: this is the last active OWNER key/);
    const other = await ctx.newOrg();
    const theirs = (await create(other.ownerKey, 'theirs', 'VIEWER')).createApiKey;
    expect(await failure(revoke(ownerKey, theirs.apiKey.id))).toBe(`NOT_FOUND: API key ${theirs.apiKey.id} not found.`);
    expect(await failure(revoke(ownerKey, 'nope'))).toBe('NOT_FOUND: API key nope not found.');
  });

  it('records who did what, for admins only, without a secret in sight', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const admin = (await create(ownerKey, 'ops', 'ADMIN')).createApiKey;
    const member = (await create(admin.key, 'dev', 'MEMBER')).createApiKey;
    await as(admin.key).request('mutation { registerCluster(name: "prod") { cluster { id } } }');
    await as(admin.key).request('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: member.apiKey.id });
    await ctx.newCluster(organizationId, 'by-system');

    const log = await as(admin.key).request<{
      auditLog: { edges: { node: { action: string; actorType: string; actorId: string | null; details: unknown } }[] };
    }>('{ auditLog { edges { node { action actorType actorId targetType targetId details } } } }');
    const entries = log.auditLog.edges.map((e) => e.node);
    expect(entries.map((e) => e.action)).toEqual([
      'cluster.register',
      'apiKey.revoke',
      'cluster.register',
      'apiKey.create',
      'apiKey.create',
      'organization.create',
    ]);
    expect(entries.map((e) => [e.actorType, e.actorId])).toEqual([
      ['SYSTEM', null],
      ['API_KEY', admin.apiKey.id],
      ['API_KEY', admin.apiKey.id],
      ['API_KEY', admin.apiKey.id],
      ['API_KEY', expect.any(String)],
      ['OPERATOR', null],
    ]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(admin.key);
    expect(text).not.toContain(member.key);
    expect(text).not.toMatch(/kwa_|kwk_[A-Za-z0-9]{20}/);

    // Paged, filtered, and refused below admin.
    const first = await as(admin.key).request<{ auditLog: { edges: unknown[]; pageInfo: { endCursor: string } } }>(
      '{ auditLog(first: 2) { edges { node { action } } pageInfo { endCursor hasNextPage } } }',
    );
    const rest = await as(admin.key).request<{ auditLog: { edges: { node: { action: string } }[] } }>(
      'query ($after: String) { auditLog(after: $after) { edges { node { action } } } }',
      { after: first.auditLog.pageInfo.endCursor },
    );
    expect(rest.auditLog.edges.map((e) => e.node.action)).toEqual([
      'cluster.register',
      'apiKey.create',
      'apiKey.create',
      'organization.create',
    ]);
    const viewer = (await create(ownerKey, 'read', 'VIEWER')).createApiKey;
    expect(await failure(as(viewer.key).request('{ auditLog { edges { cursor } } }'))).toMatch(/^FORBIDDEN/);
  });

  type Entry = {
    action: string;
    actorType: string;
    actorId: string | null;
    targetType: string | null;
    targetId: string | null;
    details: Record<string, unknown>;
  };
  const auditOf = async (key: string, action?: string) =>
    (
      await as(key).request<{ auditLog: { edges: { node: Entry }[] } }>(
        'query ($action: String) { auditLog(action: $action) { edges { node { action actorType actorId targetType targetId details } } } }',
        { action },
      )
    ).auditLog.edges.map((e) => e.node);

  it('audits refused attempts that name an organisation, one entry per actor and kind with the count', async () => {
    // What earlier tests were refused is not this test's.
    await ctx.api.get(RefusalAuditService).flush();
    const { organizationId, ownerKey } = await ctx.newOrg();
    const viewer = (await create(ownerKey, 'dashboards', 'VIEWER')).createApiKey;
    const gone = (await create(ownerKey, 'old-ci', 'ADMIN')).createApiKey;
    await as(ownerKey).request('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: gone.apiKey.id });
    const { clusterId, agentToken } = await ctx.newCluster(organizationId, 'prod');
    await as(ownerKey).request('mutation ($c: ID!) { revokeClusterToken(clusterId: $c) }', { c: clusterId });

    for (let i = 0; i < 20; i++)
      expect(await failure(as(gone.key).request('{ clusters { id } }'))).toMatch(/^UNAUTHENTICATED/);
    for (let i = 0; i < 3; i++)
      expect(
        await failure(as(viewer.key).request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: clusterId })),
      ).toMatch(/^FORBIDDEN/);
    for (let i = 0; i < 5; i++)
      expect((await post(ctx.url, agentToken, snapshotOf([], new Date().toISOString()))).status).toBe(401);
    // A key nobody issued names no organisation: counted, not audited anywhere.
    expect(await failure(as('kwk_not-a-key-anyone-issued').request('{ clusters { id } }'))).toMatch(/^UNAUTHENTICATED/);

    expect(await ctx.api.get(RefusalAuditService).flush()).toBe(3);
    const entries = (await auditOf(ownerKey)).filter((e) => /refused|forbidden/.test(e.action));
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(Object.keys(byAction).sort()).toEqual(['agent.refused', 'auth.forbidden', 'auth.refused']);
    expect(byAction['auth.refused']).toMatchObject({
      actorType: 'API_KEY',
      actorId: gone.apiKey.id,
      details: { attempts: 20, reasons: ['revoked'], addresses: [expect.stringMatching(/127\.0\.0\.1/)] },
    });
    expect(byAction['auth.forbidden']).toMatchObject({
      actorType: 'API_KEY',
      actorId: viewer.apiKey.id,
      details: { attempts: 3, reasons: ['deleteCluster (needs ADMIN, has VIEWER)'] },
    });
    expect(byAction['agent.refused']).toMatchObject({
      actorType: 'AGENT',
      targetType: 'Cluster',
      targetId: clusterId,
      details: { attempts: 5, reasons: ['revoked'] },
    });
    const text = JSON.stringify(entries);
    for (const secret of [gone.key, viewer.key, agentToken]) expect(text).not.toContain(secret);
    // Nothing more until the next refusal.
    expect(await ctx.api.get(RefusalAuditService).flush()).toBe(0);
  });

  it('records a webhook change before → after with the URL redacted, in the transaction of the change', async () => {
    const { ownerKey } = await ctx.newOrg();
    const owner = as(ownerKey);
    const { createWebhookEndpoint } = await owner.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
      'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/hooks/T0/first-secret", description: "pager" }) { endpoint { id } } }',
    );
    const id = createWebhookEndpoint.endpoint.id;
    const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) {
      updateWebhookEndpoint(id: $id, input: $input) { id url minSeverity } }`;
    await owner.request(UPDATE, {
      id,
      input: { url: 'http://127.0.0.1:9/hooks/T0/second-secret', minSeverity: 'HIGH', description: 'pager' },
    });
    const [update] = await auditOf(ownerKey, 'webhookEndpoint.update');
    const changes = update!.details.changes as Record<string, { before: unknown; after: unknown }>;
    expect(Object.keys(changes).sort()).toEqual(['minSeverity', 'url']);
    expect(changes.minSeverity).toEqual({ before: 'LOW', after: 'HIGH' });
    expect(changes.url!.before).toMatch(/^http:\/\/127\.0\.0\.1:9\/… \(sha256 [0-9a-f]{12}\)$/);
    expect(changes.url!.after).not.toBe(changes.url!.before);
    const [created] = await auditOf(ownerKey, 'webhookEndpoint.create');
    expect(JSON.stringify([update, created])).not.toMatch(/first-secret|second-secret/);

    // The audit entry cannot be written: the change does not happen either.
    await ctx.sql.query(`CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit unavailable'; END $$`);
    await ctx.sql.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW
      WHEN (NEW.action IN ('webhookEndpoint.update', 'cluster.delete', 'cluster.rotateToken')) EXECUTE FUNCTION refuse_audit()`);
    try {
      const me = await owner.request<{ me: { organization: { id: string } } }>('{ me { organization { id } } }');
      // The id the owner's own key answers with: its organisation, as an authenticated scope.
      const { clusterId } = await ctx.newCluster(scopeOf(me.me.organization.id), 'kept');
      expect(await failure(owner.request(UPDATE, { id, input: { minSeverity: 'CRITICAL' } }))).toMatch(/^INTERNAL/);
      expect(await failure(owner.request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: clusterId }))).toMatch(
        /^INTERNAL/,
      );
      expect(
        await failure(
          owner.request('mutation ($c: ID!) { rotateClusterToken(clusterId: $c) { agentToken } }', { c: clusterId }),
        ),
      ).toMatch(/^INTERNAL/);
      const { webhookEndpoints } = await owner.request<{ webhookEndpoints: { minSeverity: string }[] }>(
        '{ webhookEndpoints { minSeverity } }',
      );
      expect(webhookEndpoints).toEqual([{ minSeverity: 'HIGH' }]);
      expect((await owner.request<{ clusters: { id: string }[] }>('{ clusters { id } }')).clusters).toEqual([
        { id: clusterId },
      ]);
      const tokens = await ctx.sql.query(`SELECT count(*)::int AS n FROM "AgentToken" WHERE "clusterId" = $1`, [
        clusterId,
      ]);
      expect(tokens.rows[0].n).toBe(1);
    } finally {
      await ctx.sql.query('DROP TRIGGER refuse_audit ON "AuditLog"');
    }
  });
});
