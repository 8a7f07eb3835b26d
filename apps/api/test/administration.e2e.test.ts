import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { post, privilegedDeployment, settled, snapshotOf } from './support/snapshots';

const privileged = privilegedDeployment;

/** Settings, re-evaluation, deletion and the clusters list, through HTTP. */
describe('administration', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ PURGE_INTERVAL_MS: '200' });
  });
  afterAll(() => ctx?.close());

  const as = (key: string) => clientFor(ctx.url, key);
  const failure = failureOf;
  const SETTINGS = `mutation ($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) {
    trustedRegistries severityOverrides { ruleId severity } alertOnPlatformFindings } }`;

  it('re-evaluates the newest snapshot under new settings: the open finding takes the new severity', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const client = as(ownerKey);
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const snapshot = snapshotOf([privileged], '2026-11-26T10:00:00Z');
    expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
    await settled(ctx.sql, clusterId, snapshot.snapshotId);
    const severity = async () =>
      (
        await client.request<{ findings: { edges: { node: { id: string; severity: string } }[] } }>(
          'query ($c: ID!) { findings(filter: { clusterIds: [$c], ruleIds: ["privileged-container"] }) { edges { node { id severity } } } }',
          { c: clusterId },
        )
      ).findings.edges.map((e) => e.node);
    const [before] = await severity();
    expect(before!.severity).not.toBe('LOW');

    const updated = await client.request<{ updateOrganizationSettings: unknown }>(SETTINGS, {
      input: {
        severityOverrides: [{ ruleId: 'privileged-container', severity: 'LOW' }],
        trustedRegistries: ['ghcr.io/acme/'],
      },
    });
    expect(updated.updateOrganizationSettings).toEqual({
      trustedRegistries: ['ghcr.io/acme/'],
      severityOverrides: [{ ruleId: 'privileged-container', severity: 'LOW' }],
      alertOnPlatformFindings: false,
    });
    const { requestReevaluation } = await client.request<{ requestReevaluation: string }>(
      'mutation ($c: ID!) { requestReevaluation(clusterId: $c) }',
      { c: clusterId },
    );
    const { rows } = await ctx.sql.query(`SELECT "externalId" FROM "Snapshot" WHERE id = $1`, [requestReevaluation]);
    await settled(ctx.sql, clusterId, rows[0].externalId);
    expect(await severity()).toEqual([{ id: before!.id, severity: 'LOW' }]);
    // The trusted-registry rule now runs: nginx from Docker Hub is not from ghcr.io/acme/.
    const untrusted = await client.request<{ findings: { totalCount: number } }>(
      'query ($c: ID!) { findings(filter: { clusterIds: [$c], ruleIds: ["image-from-untrusted-registry"] }) { totalCount } }',
      { c: clusterId },
    );
    expect(untrusted.findings.totalCount).toBe(1);

    expect(
      await failure(client.request(SETTINGS, { input: { severityOverrides: [{ ruleId: 'nope', severity: 'LOW' }] } })),
    ).toBe('BAD_USER_INPUT: severityOverrides: "nope" is not a rule.');
    expect(await failure(client.request(SETTINGS, { input: { trustedRegistries: [''] } }))).toMatch(
      /^BAD_USER_INPUT: trustedRegistries.0: /,
    );
    expect(await failure(client.request(SETTINGS, { input: { dormantAccountDays: 0 } }))).toMatch(
      /^BAD_USER_INPUT: dormantAccountDays: /,
    );
    const dormant = await client.request<{ updateOrganizationSettings: { dormantAccountDays: number } }>(
      'mutation { updateOrganizationSettings(input: { dormantAccountDays: 45 }) { dormantAccountDays } }',
    );
    expect(dormant.updateOrganizationSettings.dormantAccountDays).toBe(45);
  });

  it('lists clusters with their freshness, and deletes one with its history', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const client = as(ownerKey);
    const { clusterId, agentToken } = await ctx.newCluster(organizationId, 'doomed');
    const snapshot = snapshotOf([privileged], new Date().toISOString());
    expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
    await settled(ctx.sql, clusterId, snapshot.snapshotId);
    const list = await client.request<{ clusters: Record<string, unknown>[] }>(
      '{ clusters { id name stale lastSnapshotAt lastHeartbeatAt agentVersion kubernetesVersion currentScore } }',
    );
    expect(list.clusters).toEqual([
      expect.objectContaining({ id: clusterId, name: 'doomed', stale: false, agentVersion: 'test' }),
    ]);
    await ctx.sql.query(
      `UPDATE "Cluster" SET "lastSnapshotAt" = now() - interval '2 hours', "createdAt" = now() - interval '3 hours' WHERE id = $1`,
      [clusterId],
    );
    expect((await client.request<{ clusters: { stale: boolean }[] }>('{ clusters { stale } }')).clusters).toEqual([
      { stale: true },
    ]);

    const member = await client.request<{ createApiKey: { key: string } }>(
      'mutation { createApiKey(name: "dev", role: MEMBER) { key } }',
    );
    expect(await failure(client.request('mutation { registerCluster(name: "doomed") { agentToken } }'))).toBe(
      'BAD_USER_INPUT: name: a cluster named "doomed" already exists in this organisation.',
    );
    const DELETE = 'mutation ($id: ID!) { deleteCluster(id: $id) }';
    expect(await failure(as(member.createApiKey.key).request(DELETE, { id: clusterId }))).toMatch(/^FORBIDDEN/);
    expect(await client.request(DELETE, { id: clusterId })).toEqual({ deleteCluster: true });
    // Hidden at once; its history is purged in the background (deletion.e2e.test.ts).
    expect((await client.request<{ clusters: unknown[] }>('{ clusters { id } }')).clusters).toEqual([]);
    await eventually(async () => {
      const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Cluster" WHERE id = $1`, [clusterId]);
      return rows[0].n === 0 ? true : undefined;
    }, 'the purge of the deleted cluster');
    const left = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Finding" WHERE "clusterId" = $1`, [clusterId]);
    expect(left.rows[0].n).toBe(0);
    expect((await post(ctx.url, agentToken, snapshotOf([], new Date().toISOString()))).status).toBe(401);
    expect(await failure(client.request(DELETE, { id: clusterId }))).toBe('NOT_FOUND: No such cluster.');
    expect(
      await failure(client.request('mutation ($c: ID!) { requestReevaluation(clusterId: $c) }', { c: clusterId })),
    ).toBe('NOT_FOUND: No such cluster.');
  });

  it('registers a cluster without PUBLIC_API_URL but refuses to render its install manifests, saying why', async () => {
    const { ownerKey } = await ctx.newOrg();
    const res = await fetch(`${ctx.url}/graphql`, {
      method: 'POST',
      // A Host the client chose: it must never become the address agents push their token to.
      headers: { authorization: `Bearer ${ownerKey}`, 'content-type': 'application/json', host: 'evil.example' },
      body: JSON.stringify({
        query: 'mutation { registerCluster(name: "edge") { cluster { name } agentToken installManifests } }',
      }),
    });
    const body = (await res.json()) as {
      data: { registerCluster: { cluster: { name: string }; agentToken: string; installManifests: string | null } };
      errors: { message: string; path: string[]; extensions: { code: string } }[];
    };
    expect(body.data.registerCluster).toMatchObject({ cluster: { name: 'edge' }, installManifests: null });
    expect(body.data.registerCluster.agentToken).toMatch(/^kwa_/);
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['registerCluster', 'installManifests'],
        extensions: expect.objectContaining({ code: 'UNAVAILABLE' }),
        message: expect.stringMatching(/^installManifests: this server has no PUBLIC_API_URL/),
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('evil.example');
  });
});
