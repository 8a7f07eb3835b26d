import { FakeKube } from '@kubeward/fake-kube';
import { GraphQLClient, gql } from 'graphql-request';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { createTestContext, eventually, type TestContext } from './support/context';
import { agentFor } from './support/agent';

/** The real agent against the real API: snapshots, heartbeats, and the install manifests. */
const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
};

describe('agent and ingest API', () => {
  let ctx: TestContext;
  let kube: FakeKube;
  beforeAll(async () => {
    ctx = await createTestContext({ PUBLIC_API_URL: 'https://kubeward.acme.example' });
    kube = new FakeKube();
    await kube.start();
  });
  afterAll(async () => {
    await kube?.stop();
    await ctx?.close();
  });

  it('takes the first snapshot, then a heartbeat for an unchanged cluster, storing nothing new', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    kube.load([web]);
    const agent = agentFor(kube, ctx.url, agentToken);
    expect((await agent.runOnce()).push.status).toBe('accepted');
    await eventually(async () => {
      const { rows } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
        clusterId,
      ]);
      return rows[0].n === 1 ? true : undefined;
    }, 'the first evaluation');

    expect((await agent.runOnce()).push.status).toBe('heartbeat');
    const { rows } = await ctx.sql.query(
      `SELECT (SELECT count(*)::int FROM "Snapshot" WHERE "clusterId" = $1) AS snapshots,
              "lastHeartbeatAt" IS NOT NULL AS beat FROM "Cluster" WHERE id = $1`,
      [clusterId],
    );
    expect(rows[0]).toEqual({ snapshots: 1, beat: true });

    // A change: the full snapshot again.
    kube.load([
      {
        ...web,
        spec: {
          ...web.spec,
          replicas: 3,
          template: { spec: { hostPID: true, containers: web.spec.template.spec.containers } },
        },
      },
    ]);
    expect((await agent.runOnce()).push.status).toBe('accepted');
  });

  it('answers a heartbeat for content it does not hold with 409, a malformed one with 400, a bad token with 401', async () => {
    const { organizationId } = await ctx.newOrg();
    const { agentToken } = await ctx.newCluster(organizationId);
    const beat = (token: string, body: unknown) =>
      request(ctx.url)
        .post('/v1/heartbeat')
        .set('authorization', `Bearer ${token}`)
        .send(body as object);

    const unknown = await beat(agentToken, { contentHash: 'f'.repeat(64), agentVersion: '0.1.0' });
    expect(unknown.status).toBe(409);
    expect(unknown.body.message).toMatch(/send the snapshot/);

    const malformed = await beat(agentToken, { contentHash: 'nope', agentVersion: '0.1.0' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/contentHash/);

    expect((await beat('kwa_wrong', { contentHash: 'f'.repeat(64), agentVersion: '0.1.0' })).status).toBe(401);
  });

  it('returns the install manifests with registerCluster, filled in for the cluster', async () => {
    const { ownerKey } = await ctx.newOrg();
    const graphql = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${ownerKey}` } });
    const { registerCluster } = await graphql.request<{
      registerCluster: { agentToken: string; installManifests: string; cluster: { name: string } };
    }>(gql`
      mutation {
        registerCluster(name: "prod-eu") {
          agentToken
          installManifests
          cluster {
            name
          }
        }
      }
    `);
    const docs = parseAllDocuments(registerCluster.installManifests).map((d) => d.toJS());
    const secret = docs.find((d) => d.kind === 'Secret');
    expect(secret.stringData.token).toBe(registerCluster.agentToken);
    const deployment = docs.find((d) => d.kind === 'Deployment');
    expect(deployment.metadata.annotations['kubeward.io/cluster']).toBe('prod-eu');
    const env = deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    expect(env.find((e) => e.name === 'KUBEWARD_API_URL')?.value).toBe('https://kubeward.acme.example');
    expect(docs.find((d) => d.kind === 'ClusterRole')).toBeDefined();
  });
});
