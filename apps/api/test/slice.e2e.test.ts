import { gunzipSync } from 'node:zlib';
import { GraphQLClient, gql } from 'graphql-request';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { FakeKube } from '@kubeward/fake-kube';
import type { Snapshot } from '@kubeward/snapshot';
import { ApiKeysService } from '../src/modules/auth/api-keys.service';
import { createTestContext, eventually, OPERATOR_TOKEN, type TestContext } from './support/context';
import { agentFor } from './support/agent';
import { WebhookReceiver } from './support/receiver';

/**
 * The thin slice, real at every step: agent → fake Kubernetes API → POST /v1/snapshots → BullMQ
 * evaluate job → rules → finding lifecycle in Postgres → GraphQL → signed webhook.
 */
const payments = (privileged: boolean) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'payments', namespace: 'shop' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'payments' } },
    template: {
      metadata: { labels: { app: 'payments' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'ghcr.io/acme/payments:1.4.2',
            env: [{ name: 'STRIPE_SECRET_KEY', value: 'sk_live_abcdefghijklmnop1234' }],
            securityContext: { privileged },
          },
        ],
      },
    },
  },
});
const frontend = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'frontend', namespace: 'shop' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'frontend' } },
    template: {
      metadata: { labels: { app: 'frontend' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
};

const FINDINGS = gql`
  query Findings($clusterId: ID!, $status: FindingStatus) {
    findings(filter: { clusterIds: [$clusterId], status: $status }) {
      edges {
        node {
          id
          ruleId
          status
          severity
          fingerprint
          resource {
            kind
            namespace
            name
          }
          container
          message
          paths
          resolutionReason
          reopenCount
        }
      }
    }
  }
`;

interface FindingRow {
  id: string;
  ruleId: string;
  status: string;
  fingerprint: string;
  resource: { kind: string; namespace: string; name: string };
  container: string;
  message: string;
  paths: string[];
  resolutionReason: string | null;
  reopenCount: number;
}

describe('the slice: agent to webhook', () => {
  let ctx: TestContext;
  let kube: FakeKube;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // No flap window: this story reopens a finding seconds after fixing it, and wants the alert.
    ctx = await createTestContext({ WEBHOOK_FLAP_WINDOW_MINUTES: '0' });
    kube = new FakeKube();
    await kube.start();
    receiver = new WebhookReceiver();
  });

  afterAll(async () => {
    await receiver?.stop();
    await kube?.stop();
    await ctx?.close();
  });

  it('opens, resolves and reopens a finding, alerting on opening and reopening', async () => {
    // Set-up through the public API, as a customer would.
    const operator = new GraphQLClient(`${ctx.url}/graphql`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    const { createOrganization } = await operator.request<{ createOrganization: { ownerApiKey: string } }>(gql`
      mutation {
        createOrganization(name: "Acme") {
          organization {
            id
          }
          ownerApiKey
        }
      }
    `);
    const graphql = new GraphQLClient(`${ctx.url}/graphql`, {
      headers: { authorization: `Bearer ${createOrganization.ownerApiKey}` },
    });
    const { registerCluster } = await graphql.request<{
      registerCluster: { cluster: { id: string }; agentToken: string };
    }>(gql`
      mutation {
        registerCluster(name: "prod") {
          cluster {
            id
          }
          agentToken
        }
      }
    `);
    const clusterId = registerCluster.cluster.id;
    const agentToken = registerCluster.agentToken;
    const { createWebhookEndpoint } = await graphql.request<{ createWebhookEndpoint: { secret: string } }>(
      gql`
        mutation ($url: String!) {
          createWebhookEndpoint(input: { url: $url }) {
            endpoint {
              id
            }
            secret
          }
        }
      `,
      { url: await receiver.start() },
    );
    const secret = createWebhookEndpoint.secret;
    expect(secret).toMatch(/^whsec_/);

    kube.load([payments(false), frontend]);
    const agent = agentFor(kube, ctx.url, agentToken, { pageSize: 2 });
    // The whole catalogue runs; this story follows the privileged-container finding.
    const findings = async (status: 'OPEN' | 'RESOLVED' = 'OPEN') =>
      (
        await graphql.request<{ findings: { edges: { node: FindingRow }[] } }>(FINDINGS, { clusterId, status })
      ).findings.edges
        .map((e) => e.node)
        .filter((f) => f.ruleId === 'privileged-container');
    const evaluated = async (n: number) =>
      eventually(async () => {
        const { rows } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
          clusterId,
        ]);
        return rows[0].n >= n ? true : undefined;
      }, `evaluation ${n}`);

    // 0. The first snapshot is the cluster's baseline: its findings are stored, not alerted.
    const first = await agent.runOnce();
    expect(first.push.status).toBe('accepted');
    // Paged (pageSize 2) through 1 RS + 5 pods, yet only the two Deployments remain: findings attach to owners.
    expect(first.workloads).toBe(2);
    expect(kube.requests.some((r) => r.query.continue)).toBe(true);
    await evaluated(1);
    const { rows: baseline } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Finding" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    expect(baseline[0].n).toBeGreaterThan(3);

    // 1. A privileged container: the finding opens and the webhook fires.
    kube.load([payments(true), frontend]);
    expect((await agent.runOnce()).push.status).toBe('accepted');
    await evaluated(2);
    const opened = await findings();
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      ruleId: 'privileged-container',
      status: 'OPEN',
      resource: { kind: 'Deployment', namespace: 'shop', name: 'payments' },
      container: 'api',
      paths: ['spec.template.spec.containers[0].securityContext.privileged'],
      reopenCount: 0,
    });
    expect(opened[0]!.message).toContain('Deployment shop/payments');
    const delivery1 = await eventually(async () => receiver.received[0], 'first webhook');

    // 2. Fixed: the finding resolves as FIXED, and no alert is sent for that by default.
    kube.load([payments(false), frontend]);
    expect((await agent.runOnce()).push.status).toBe('accepted');
    await evaluated(3);
    expect(await findings('RESOLVED')).toMatchObject([
      { id: opened[0]!.id, status: 'RESOLVED', resolutionReason: 'FIXED' },
    ]);

    // 3. Broken again: the same finding (same fingerprint) reopens and alerts.
    kube.load([payments(true), frontend]);
    expect((await agent.runOnce()).push.status).toBe('accepted');
    await evaluated(4);
    expect(await findings()).toMatchObject([
      {
        id: opened[0]!.id,
        fingerprint: opened[0]!.fingerprint,
        status: 'OPEN',
        reopenCount: 1,
        resolutionReason: null,
      },
    ]);
    const delivery2 = await eventually(async () => receiver.received[1], 'second webhook');
    expect(receiver.received).toHaveLength(2);

    // Every delivery is signed per Standard Webhooks, verified with the reference library.
    const verifier = new Webhook(secret);
    const events = [delivery1, delivery2].map((d) => {
      const payload = verifier.verify(d.body, d.headers as Record<string, string>) as {
        type: string;
        data: { cluster: { id: string }; findings: { event: string; id: string; rule: { id: string } }[] };
      };
      expect(payload.type).toBe('evaluation.changed');
      expect(payload.data.cluster.id).toBe(clusterId);
      return payload.data.findings.map((f) => `${f.event} ${f.rule.id} ${f.id}`);
    });
    // The first carries every finding that making the container privileged opened, in one message.
    expect(events[0]).toContain(`finding.opened privileged-container ${opened[0]!.id}`);
    expect(events[0]!.every((e) => e.startsWith('finding.opened '))).toBe(true);
    expect(events[1]).toEqual([`finding.reopened privileged-container ${opened[0]!.id}`]);
    expect(delivery1.headers['webhook-id']).not.toBe(delivery2.headers['webhook-id']);

    // The lifecycle, as stored.
    const { rows: history } = await ctx.sql.query(
      'SELECT type, reason FROM "FindingEvent" WHERE "findingId" = $1 ORDER BY at, type',
      [opened[0]!.id],
    );
    expect(history).toEqual([
      { type: 'OPENED', reason: null },
      { type: 'RESOLVED', reason: 'FIXED' },
      { type: 'REOPENED', reason: null },
    ]);

    // The env literal that looked like a secret never left the agent: only its name and a flag did.
    // (Only the newest payload is kept; the older ones became history.)
    const { rows: stored } = await ctx.sql.query('SELECT payload FROM "SnapshotPayload" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    expect(stored).toHaveLength(1);
    for (const { payload } of stored) {
      const json = gunzipSync(payload).toString('utf8');
      const env = (JSON.parse(json) as Snapshot).workloads.flatMap((w) => w.podSpec.containers.flatMap((c) => c.env));
      expect(env).toContainEqual({ name: 'STRIPE_SECRET_KEY', source: 'literal', looksSecret: true });
      expect(json).not.toContain('sk_live');
    }
  });

  it('refuses a bad token with 401 and a malformed snapshot with 400 naming the path, storing nothing', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const valid = {
      schemaVersion: 1,
      snapshotId: 'snapshot-bad-input',
      collectedAt: '2026-01-01T00:00:00Z',
      agent: { version: 'test' },
      collection: {},
      workloads: [],
    };

    const unauthorized = await request(ctx.url)
      .post('/v1/snapshots')
      .set('authorization', 'Bearer kwa_nope')
      .send(valid);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toMatchObject({ error: 'UNAUTHENTICATED' });
    const missing = await request(ctx.url).post('/v1/snapshots').send(valid);
    expect(missing.status).toBe(401);

    const malformed = structuredClone(valid) as Record<string, unknown>;
    malformed.workloads = [{ kind: 'Deployment', namespace: 'x', name: 'y', podSpec: { containers: 'nope' } }];
    const bad = await request(ctx.url)
      .post('/v1/snapshots')
      .set('authorization', `Bearer ${agentToken}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(malformed));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      'Invalid snapshot at workloads[0].podSpec.containers: Invalid input: expected array, received string',
    );
    expect(bad.body.issues[0].path).toBe('workloads[0].podSpec.containers');

    const notJson = await request(ctx.url)
      .post('/v1/snapshots')
      .set('authorization', `Bearer ${agentToken}`)
      .set('content-type', 'application/json')
      .send('{"schemaVersion": 1,');
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/^The body is not valid JSON/);

    const { rows } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    expect(rows[0].n).toBe(0);

    // The same snapshot id twice: acknowledged both times, stored and evaluated once.
    for (const expected of ['accepted', 'duplicate']) {
      const res = await request(ctx.url)
        .post('/v1/snapshots')
        .set('authorization', `Bearer ${agentToken}`)
        .set('content-type', 'application/json')
        .send(JSON.stringify(valid));
      expect(res.status).toBe(202);
      expect(res.body.status).toBe(expected);
    }
    await eventually(async () => {
      const { rows: e } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1', [
        clusterId,
      ]);
      return e[0].n === 1 ? true : undefined;
    }, 'the one evaluation');
    const { rows: after } = await ctx.sql.query('SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1', [
      clusterId,
    ]);
    expect(after[0].n).toBe(1);
  });

  it('checks roles and the operator token', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const { key: viewerKey } = await ctx.api.get(ApiKeysService).create(organizationId, 'ci', 'VIEWER');
    const asViewer = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${viewerKey}` } });
    await expect(
      asViewer.request(gql`
        mutation {
          registerCluster(name: "x") {
            agentToken
          }
        }
      `),
    ).rejects.toMatchObject({
      response: {
        errors: [
          {
            extensions: { code: 'FORBIDDEN' },
            message: 'Your role (VIEWER) may not call registerCluster (needs ADMIN).',
          },
        ],
      },
    });
    expect(
      await asViewer.request(gql`
        {
          clusters {
            id
          }
        }
      `),
    ).toEqual({ clusters: [] });
    // An owner key is not the operator token.
    const asOwner = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${ownerKey}` } });
    await expect(
      asOwner.request(gql`
        mutation {
          createOrganization(name: "x") {
            ownerApiKey
          }
        }
      `),
    ).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    await expect(
      asOwner.request(gql`
        mutation {
          registerCluster(name: "Not A DNS Label") {
            agentToken
          }
        }
      `),
    ).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'name' } }] },
    });
  });

  it("answers NOT_FOUND for another organisation's cluster, and UNAUTHENTICATED without a key", async () => {
    const a = await ctx.newOrg();
    const b = await ctx.newOrg();
    const { clusterId } = await ctx.newCluster(a.organizationId);
    const asB = new GraphQLClient(`${ctx.url}/graphql`, { headers: { authorization: `Bearer ${b.ownerKey}` } });
    await expect(asB.request(FINDINGS, { clusterId })).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'NOT_FOUND' } }] },
    });
    const anonymous = new GraphQLClient(`${ctx.url}/graphql`);
    await expect(anonymous.request(FINDINGS, { clusterId })).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] },
    });
  });
});
