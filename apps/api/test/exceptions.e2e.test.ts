import { createTestContext, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { WebhookReceiver } from './support/receiver';
import { post, settled, snapshotOf } from './support/snapshots';

const deployment = (name: string, namespace: string, opts: { privileged?: boolean; hostPID?: boolean } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    template: {
      spec: {
        hostPID: opts.hostPID ?? false,
        containers: [
          { name: 'app', image: 'ghcr.io/acme/app:1.0', securityContext: { privileged: opts.privileged ?? false } },
        ],
      },
    },
  },
});
const minute = (m: number) => new Date(Date.UTC(2026, 10, 25, 9, m)).toISOString();
const inDays = (d: number) => new Date(Date.now() + d * 24 * 3600 * 1000).toISOString();

/** Accepted risks: validated, scoped, and out of the score and the alerts while they last. */
describe('exceptions', () => {
  let ctx: TestContext;
  const receiver = new WebhookReceiver();
  beforeAll(async () => {
    ctx = await createTestContext();
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await ctx?.close();
  });

  const as = (key: string) => clientFor(ctx.url, key);
  const failure = failureOf;
  const CREATE = `mutation ($input: CreateExceptionInput!) { createException(input: $input) { id active expiresAt } }`;

  it('refuses an exception that names nothing, lasts too long, or says too little, naming the field', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const client = as(ownerKey);
    const base = { reason: 'Break-glass debugging tool', owner: 'sre', expiresAt: inDays(30) };
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'BAD_USER_INPUT: selector: name at least one of clusterId'],
      [
        { ruleId: 'privileged-container', expiresAt: inDays(400) },
        'BAD_USER_INPUT: expiresAt: must be at most a year away.',
      ],
      [{ ruleId: 'privileged-container', expiresAt: inDays(-1) }, 'BAD_USER_INPUT: expiresAt: must be in the future.'],
      [{ ruleId: 'privileged-container', reason: 'because' }, 'BAD_USER_INPUT: reason: must be 10 to 2000 characters.'],
      [{ ruleId: 'no-such-rule' }, 'BAD_USER_INPUT: ruleId: is not a rule.'],
      [{ resourceName: 'debug' }, 'BAD_USER_INPUT: resourceName: needs resourceKind.'],
    ];
    for (const [input, expected] of cases) {
      expect(await failure(client.request(CREATE, { input: { ...base, ...input } }))).toContain(expected);
    }
    const other = await ctx.newOrg();
    const theirs = await ctx.newCluster(other.organizationId);
    expect(await failure(client.request(CREATE, { input: { ...base, clusterId: theirs.clusterId } }))).toBe(
      `NOT_FOUND: Cluster ${theirs.clusterId} not found.`,
    );
    const viewer = await client.request<{ createApiKey: { key: string } }>(
      'mutation { createApiKey(name: "read", role: VIEWER) { key } }',
    );
    expect(
      await failure(
        as(viewer.createApiKey.key).request(CREATE, { input: { ...base, ruleId: 'privileged-container' } }),
      ),
    ).toMatch(/^FORBIDDEN: Your role \(VIEWER\) may not call createException \(needs MEMBER\)/);

    // A member may accept one named resource's risk in one cluster; anything broader needs an admin.
    const member = await client.request<{ createApiKey: { key: string } }>(
      'mutation { createApiKey(name: "dev", role: MEMBER) { key } }',
    );
    const { clusterId } = await ctx.newCluster(organizationId);
    const asMember = as(member.createApiKey.key);
    for (const broad of [
      { ruleId: 'privileged-container' },
      { clusterId, ruleId: 'privileged-container' },
      { clusterId, namespace: 'shop' },
      { clusterId, resourceKind: 'DaemonSet' },
      { resourceKind: 'DaemonSet', resourceName: 'node-debugger' },
    ]) {
      expect(await failure(asMember.request(CREATE, { input: { ...base, ...broad } }))).toBe(
        'FORBIDDEN: Your role (MEMBER) may except one named resource in one cluster (clusterId, resourceKind and resourceName); broader exceptions need ADMIN.',
      );
    }
    const named = { clusterId, namespace: 'shop', resourceKind: 'DaemonSet', resourceName: 'node-debugger' };
    expect(await failure(asMember.request(CREATE, { input: { ...base, ...named } }))).toBe('no error');
    expect(
      await failure(client.request(CREATE, { input: { ...base, clusterId, ruleId: 'privileged-container' } })),
    ).toBe('no error');
  });

  it('keeps excepted findings listed and flagged, out of the score and the alerts, until revoked', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const client = as(ownerKey);
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const push = async (m: number, manifests: Record<string, unknown>[]) => {
      const snapshot = snapshotOf(manifests, minute(m));
      expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
      await settled(ctx.sql, clusterId, snapshot.snapshotId);
    };
    const score = async () =>
      (await ctx.sql.query(`SELECT "currentScore" AS s FROM "Cluster" WHERE id = $1`, [clusterId])).rows[0].s as number;
    const flagged = async () =>
      (
        await client.request<{ findings: { edges: { node: { resource: { name: string }; excepted: boolean } }[] } }>(
          'query ($c: ID!) { findings(filter: { clusterIds: [$c] }, first: 200) { edges { node { resource { name } excepted } } } }',
          { c: clusterId },
        )
      ).findings.edges.map((e) => e.node);

    // Alerts are written for organisations with an endpoint to receive them.
    await client.request(
      'mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }',
      { input: { url: receiver.url } },
    );
    const cluster = [deployment('web', 'shop'), deployment('debug', 'ops', { privileged: true })];
    await push(0, cluster);
    const before = await score();

    const created = await client.request<{ createException: { id: string; active: boolean } }>(CREATE, {
      input: {
        clusterId,
        namespace: 'ops',
        resourceKind: 'Deployment',
        resourceName: 'debug',
        reason: 'Break-glass debugging tool, removed after the incident',
        owner: 'sre@acme.example',
        expiresAt: inDays(7),
      },
    });
    expect(created.createException.active).toBe(true);
    const listed = await flagged();
    expect(listed.filter((f) => f.excepted).every((f) => f.resource.name === 'debug')).toBe(true);
    expect(listed.some((f) => f.resource.name === 'debug' && f.excepted)).toBe(true);
    expect(listed.some((f) => f.resource.name === 'web' && !f.excepted)).toBe(true);

    // The same content again: exceptions are part of the input, so the score is computed anew.
    await push(5, cluster);
    const excepted = await score();
    expect(excepted).toBeGreaterThan(before);

    // A new problem on the excepted resource alerts nobody; one elsewhere does.
    await push(10, [
      deployment('web', 'shop', { hostPID: true }),
      deployment('debug', 'ops', { privileged: true, hostPID: true }),
    ]);
    const { rows } = await ctx.sql.query(
      `SELECT payload FROM "WebhookEvent" WHERE "clusterId" = $1 ORDER BY "createdAt" DESC LIMIT 1`,
      [clusterId],
    );
    const alerted = (rows[0].payload as { changes: { finding: { resource: { name: string }; ruleId: string } }[] })
      .changes;
    expect(alerted.some((c) => c.finding.ruleId === 'host-pid-ipc' && c.finding.resource.name === 'web')).toBe(true);
    expect(alerted.some((c) => c.finding.resource.name === 'debug')).toBe(false);

    // Revoked: back in the score from the next evaluation, and no longer flagged.
    await client.request('mutation ($id: ID!) { revokeException(id: $id) { id active } }', {
      id: created.createException.id,
    });
    expect((await flagged()).some((f) => f.excepted)).toBe(false);
    await push(15, [
      deployment('web', 'shop', { hostPID: true }),
      deployment('debug', 'ops', { privileged: true, hostPID: true }),
    ]);
    expect(await score()).toBeLessThan(excepted);
    const all = await client.request<{ exceptions: { active: boolean }[] }>(
      '{ exceptions(includeInactive: true) { active } }',
    );
    expect(all.exceptions).toEqual([{ active: false }]);
    expect((await client.request<{ exceptions: unknown[] }>('{ exceptions { id } }')).exceptions).toEqual([]);
  });
});
