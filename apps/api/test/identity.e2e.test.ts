import { createTestContext, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';

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
    ctx = await createTestContext({}, { worker: false });
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
});
