import { Webhook } from 'standardwebhooks';
import type { GraphQLClient } from 'graphql-request';
import { createTestContext, eventually, type TestContext } from './support/context';
import { FakeDns } from './support/dns';
import { clientFor, failureOf } from './support/graphql';
import { type Received, WebhookReceiver } from './support/receiver';
import { alertsSettled, tenantWithCluster } from './support/snapshots';

/**
 * Webhook alerts end to end: real API and worker, real local receivers (and a real DNS server on
 * a loopback port), every delivery verified with the Standard Webhooks reference library.
 */

const app = (name: string, privileged = false, namespace = 'shop') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          {
            name: 'main',
            image: `ghcr.io/acme/${name}@sha256:${'a'.repeat(64)}`,
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } },
            securityContext: privileged
              ? { privileged: true }
              : {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
          },
        ],
      },
    },
  },
});
const kubeProxy = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'kube-proxy', namespace: 'kube-system' },
  spec: {
    selector: { matchLabels: { k8s: 'kube-proxy' } },
    template: {
      metadata: { labels: { k8s: 'kube-proxy' } },
      spec: {
        hostNetwork: true,
        containers: [
          { name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.31.2', securityContext: { privileged: true } },
        ],
      },
    },
  },
};

const BASE = Date.UTC(2026, 10, 20, 10, 0);
const minute = (n: number) => new Date(BASE + n * 60_000).toISOString();

interface Finding {
  event: string;
  id: string;
  rule: { id: string; title: string; area: string; practice: string; references: unknown[] };
  severity: string;
  platform: boolean;
  resource: { kind: string; namespace?: string; name: string };
  remediation: { text: string; yaml: string } | null;
  cause: { changeId: string; type: string; diff: { path: string; before?: unknown; after?: unknown }[] } | null;
}
interface Message {
  type: string;
  timestamp: string;
  data: {
    version: number;
    events?: string[];
    organization: { id: string };
    cluster?: { id: string; name: string };
    evaluation?: { id: string; score: number; previousScore: number };
    posture?: { score: number; previousScore: number; drop: number; degraded: boolean };
    controls?: { framework: string; control: string; title: string; rules: string[] }[];
    counts?: Record<string, number>;
    truncated?: boolean;
    findings?: Finding[];
    [key: string]: unknown;
  };
}

/** Verifies a received request with the reference library and returns its message. */
const verify = (secret: string, r: Received): Message =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as Message;

/** The secrets each receiver's endpoints were given: every request any receiver got must verify. */
const secretsOf = new Map<WebhookReceiver, string[]>();
const everyDeliveryVerifies = () => {
  for (const [r, secrets] of secretsOf) {
    for (const d of r.received) {
      const ok = secrets.some((secret) => {
        try {
          return verify(secret, d) !== undefined;
        } catch {
          return false;
        }
      });
      expect(ok, `a delivery to ${r.url} did not verify`).toBe(true);
    }
  }
};

const ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id } secret } }`;

/** An organisation with a cluster and an admin client, and a way to push scripted snapshots. */
async function tenant(ctx: TestContext) {
  const base = await tenantWithCluster(ctx);
  const { client } = base;
  return {
    ...base,
    async endpoint(receiver: WebhookReceiver, input: Record<string, unknown> = {}) {
      const { createWebhookEndpoint } = await client.request<{
        createWebhookEndpoint: { endpoint: { id: string }; secret: string };
      }>(ENDPOINT, { input: { url: receiver.url, ...input } });
      secretsOf.set(receiver, [...(secretsOf.get(receiver) ?? []), createWebhookEndpoint.secret]);
      return { id: createWebhookEndpoint.endpoint.id, secret: createWebhookEndpoint.secret };
    },
  };
}

/** Every delivery row of an endpoint, oldest first. */
const deliveriesOf = async (ctx: TestContext, endpointId: string) =>
  (
    await ctx.sql.query(
      `SELECT id, "messageId", status::text, attempts, "lastStatusCode", "lastError" FROM "WebhookDelivery"
       WHERE "endpointId" = $1 ORDER BY "createdAt", id`,
      [endpointId],
    )
  ).rows as {
    id: string;
    messageId: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
  }[];

const FINDING_EVENTS = ['finding.opened', 'finding.reopened', 'finding.resolved'];

describe('webhook alerts', () => {
  let ctx: TestContext;
  const dns = new FakeDns();
  // Receivers on 127.0.0.2 (allow-listed); the bait on 127.0.0.1 must never be reached.
  const bait = new WebhookReceiver('127.0.0.1');
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = new WebhookReceiver('127.0.0.2');
    receivers.push(r);
    await r.start();
    return r;
  };

  beforeAll(async () => {
    const dnsServer = await dns.start();
    dns.names.set('internal.kubeward.test', () => ['10.0.0.7']);
    let lookups = 0;
    // DNS rebinding: public when the endpoint is saved, loopback when the delivery connects.
    dns.names.set('rebind.kubeward.test', () => (lookups++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']));
    ctx = await createTestContext({
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.2',
      WEBHOOK_DNS_SERVERS: dnsServer,
      WEBHOOK_RETRY_BASE_MS: '100',
    });
    await bait.start();
  });
  afterAll(async () => {
    for (const r of [...receivers, bait]) await r.stop();
    await dns.stop();
    await ctx?.close();
  });
  afterEach(() => {
    expect(bait.received).toEqual([]);
    everyDeliveryVerifies();
  });

  it('sends one signed delivery per evaluation with rule metadata, remediation and the cause; storms are bounded', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { id: endpointId, secret } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    const posture = await receiver();
    const postureOnly = await t.endpoint(posture, { eventTypes: ['posture.degraded'], postureDropPoints: 1 });
    const never = await receiver();
    const neverEndpoint = await t.endpoint(never, { eventTypes: ['posture.degraded'], postureDropPoints: 100 });
    const controls = await receiver();
    const controlsOnly = await t.endpoint(controls, { eventTypes: ['control.regressed'] });

    // The baseline alerts nothing.
    await t.push(minute(0), [app('api'), app('web')]);
    // One container made privileged: one message, whatever it opened.
    await t.push(minute(10), [app('api', true), app('web')]);
    const first = verify(secret, await eventually(async () => r.received[0], 'the first delivery'));
    expect(first.type).toBe('evaluation.changed');
    expect(first.data.version).toBe(1);
    expect(first.data.organization.id).toBe(t.organizationId);
    expect(first.data.cluster!.id).toBe(t.clusterId);
    expect(first.data.events).toEqual(['finding.opened']);
    const privileged = first.data.findings!.find((f) => f.rule.id === 'privileged-container')!;
    expect(privileged).toMatchObject({
      event: 'finding.opened',
      severity: 'CRITICAL',
      platform: false,
      resource: { kind: 'Deployment', namespace: 'shop', name: 'api' },
      rule: { id: 'privileged-container', area: expect.any(String), practice: expect.any(String) },
      remediation: { text: expect.any(String), yaml: expect.stringContaining('privileged') },
    });
    expect(privileged.rule.references.length).toBeGreaterThan(0);
    // The change that caused it: the field diff, before → after.
    expect(privileged.cause!.type).toBe('MODIFIED');
    expect(privileged.cause!.diff).toContainEqual(
      expect.objectContaining({ path: 'spec.template.spec.containers[0].securityContext.privileged', after: true }),
    );
    expect(first.data.counts!['finding.opened']).toBe(first.data.findings!.length);
    expect(first.data.truncated).toBe(false);
    // The ids match what GraphQL answers about that finding.
    const { finding } = await t.client.request<{ finding: { ruleId: string; status: string } }>(
      'query ($id: ID!) { finding(id: $id) { ruleId status } }',
      { id: privileged.id },
    );
    expect(finding).toEqual({ ruleId: 'privileged-container', status: 'OPEN' });

    // An alert storm: 60 privileged workloads at once is one request with a bounded list and exact counts.
    const storm = Array.from({ length: 60 }, (_, i) => app(`batch-${i}`, true));
    await t.push(minute(20), [app('api', true), app('web'), ...storm]);
    const second = verify(secret, await eventually(async () => r.received[1], 'the storm delivery'));
    const { rows } = await ctx.sql.query(
      `SELECT count(*)::int AS n FROM "FindingEvent" WHERE "evaluationId" = $1 AND type = 'OPENED'`,
      [second.data.evaluation!.id],
    );
    expect(rows[0].n).toBeGreaterThan(100);
    expect(second.data.counts!['finding.opened']).toBe(rows[0].n);
    expect(second.data.findings).toHaveLength(100);
    expect(second.data.truncated).toBe(true);
    // Most severe first.
    expect(second.data.findings![0]!.severity).toBe('CRITICAL');

    await alertsSettled(ctx);
    expect(r.received).toHaveLength(2);
    expect(new Set(r.received.map((d) => d.headers['webhook-id'])).size).toBe(2);
    // posture.degraded, to the endpoint that asked for it at this threshold only.
    expect(posture.received.length).toBeGreaterThan(0);
    for (const d of posture.received) {
      const m = verify(postureOnly.secret, d);
      expect(m.data.events).toEqual(['posture.degraded']);
      expect(m.data.findings).toEqual([]);
      expect(m.data.posture!.drop).toBeGreaterThanOrEqual(1);
      expect(m.data.posture!.score).toBeLessThan(m.data.posture!.previousScore);
    }
    expect(await deliveriesOf(ctx, neverEndpoint.id)).toEqual([]);
    // control.regressed: the controls the privileged container took from passing to failing, once.
    const regressed = controls.received.map((d) => verify(controlsOnly.secret, d));
    expect(regressed[0]!.data.events).toEqual(['control.regressed']);
    expect(regressed[0]!.data.controls).toContainEqual({
      framework: 'cis-1.10',
      control: '5.2.2',
      title: 'Minimize the admission of privileged containers',
      rules: ['privileged-container'],
    });
    for (const m of regressed.slice(1))
      expect(m.data.controls!.map((c) => `${c.framework} ${c.control}`)).not.toContain('cis-1.10 5.2.2');

    // The delivery log, through GraphQL.
    const { webhookDeliveries } = await t.client.request<{
      webhookDeliveries: {
        edges: {
          node: { webhookId: string; type: string; status: string; attempts: number; log: { statusCode: number }[] };
        }[];
      };
    }>(
      'query ($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { webhookId type status attempts log { statusCode latencyMs error } } } } }',
      { id: endpointId },
    );
    expect(webhookDeliveries.edges.map((e) => e.node)).toEqual(
      [1, 0].map((i) =>
        expect.objectContaining({
          webhookId: r.received[i]!.headers['webhook-id'],
          type: 'evaluation.changed',
          status: 'SUCCEEDED',
          attempts: 1,
          log: [expect.objectContaining({ statusCode: 204 })],
        }),
      ),
    );
  });

  it('writes no alert while the organisation has no enabled endpoint; one receives from its creation on', async () => {
    const t = await tenant(ctx);
    const alerts = async () =>
      (await ctx.sql.query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE "clusterId" = $1`, [t.clusterId]))
        .rows[0].n as number;
    await t.push(minute(0), [app('api'), app('web')]);
    await t.push(minute(10), [app('api', true), app('web')]);
    expect(await alerts()).toBe(0);
    // A disabled endpoint receives nothing either.
    const r = await receiver();
    const { id } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    await t.client.request('mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }', {
      id,
    });
    await t.push(minute(20), [app('api', true), app('web', true)]);
    expect(await alerts()).toBe(0);
    await t.client.request('mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: true }) { id } }', {
      id,
    });
    await t.push(minute(30), [app('api'), app('web', true)]);
    await alertsSettled(ctx);
    expect(await alerts()).toBe(1);
    expect(r.received).toHaveLength(1);
    const message = JSON.parse(r.received[0]!.body) as Message;
    expect(message.data.events).toEqual(['finding.resolved']);
    // What the last push changed (api fixed), nothing of before the endpoint (web made privileged).
    expect(new Set(message.data.findings!.map((f) => f.resource.name))).toEqual(new Set(['api']));
  });

  it('alerts a flapping finding once, and platform and excepted findings not at all', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { secret } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    const withPlatform = await receiver();
    const platformEndpoint = await t.endpoint(withPlatform, { eventTypes: FINDING_EVENTS, includePlatform: true });
    const events = (secret: string, received: Received[]) =>
      received
        .map((d) => verify(secret, d))
        .map((m) => m.data.findings!.map((f) => `${f.event} ${f.rule.id} ${f.resource.name}`));

    await t.push(minute(0), [app('api')]);
    await t.push(minute(10), [app('api', true)]); // opened: alerts
    await t.push(minute(20), [app('api')]); // resolved: alerts
    await t.push(minute(25), [app('api', true)]); // back 5 minutes later: flapping, quiet
    await t.push(minute(30), [app('api')]); // and gone again within the window: quiet
    await t.push(minute(200), [app('api', true)]); // back after the window: alerts
    await alertsSettled(ctx);
    const seen = events(secret, r.received);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toContain('finding.opened privileged-container api');
    expect(seen[1]).toContain('finding.resolved privileged-container api');
    expect(seen[2]).toContain('finding.reopened privileged-container api');
    // The history keeps every step, quiet or not.
    const { rows } = await ctx.sql.query(
      `SELECT e.type::text FROM "FindingEvent" e JOIN "Finding" f ON f.id = e."findingId"
       WHERE f."clusterId" = $1 AND f."ruleId" = 'privileged-container' ORDER BY e.at`,
      [t.clusterId],
    );
    expect(rows.map((x) => x.type)).toEqual(['OPENED', 'RESOLVED', 'REOPENED', 'RESOLVED', 'REOPENED']);

    // An accepted risk and a platform component: the default endpoint hears of neither.
    await t.client.request(
      `mutation ($c: ID!) { createException(input: { clusterId: $c, ruleId: "privileged-container", resourceKind: "Deployment", resourceName: "billing",
         reason: "vendor agent, reviewed", owner: "sec", expiresAt: "2027-06-01T00:00:00Z" }) { id } }`,
      { c: t.clusterId },
    );
    r.received.length = 0;
    withPlatform.received.length = 0;
    await t.push(minute(300), [app('api', true), app('billing', true), app('audit', true), kubeProxy]);
    await alertsSettled(ctx);
    const quietOnes = events(secret, r.received).flat();
    expect(quietOnes).toContain('finding.opened privileged-container audit');
    expect(quietOnes.filter((e) => e.endsWith(' kube-proxy'))).toEqual([]);
    expect(quietOnes).not.toContain('finding.opened privileged-container billing');
    // Other rules on billing still alert: the exception covers one rule.
    expect(quietOnes.some((e) => e.endsWith(' billing'))).toBe(true);
    const all = events(platformEndpoint.secret, withPlatform.received).flat();
    expect(all).toContain('finding.opened privileged-container kube-proxy');
    expect(all).not.toContain('finding.opened privileged-container billing');
  });

  it('retries a failing receiver with the same webhook-id, and delivers everything once it is back', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { id: endpointId, secret } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    await t.push(minute(0), [app('api')]);
    // Failing: 503 twice, the same message both times.
    r.status = 503;
    await t.push(minute(10), [app('api', true)]);
    await eventually(async () => (r.received.length >= 2 ? true : undefined), 'two attempts');
    // The endpoint narrowed meanwhile: what was written keeps its message (less than CRITICAL included).
    const firstBody = r.received[0]!.body;
    expect((JSON.parse(firstBody) as Message).data.findings!.some((f) => f.severity !== 'CRITICAL')).toBe(true);
    await t.client.request(
      'mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { minSeverity: CRITICAL }) { id } }',
      { id: endpointId },
    );
    // Down: connections refused; meanwhile another evaluation alerts.
    await r.stop();
    await t.push(minute(20), [app('api', true), app('web', true)]);
    // Waits for the state itself (both failed at least three times and waiting to retry), not for
    // a moment at which a busy machine is assumed to have reached it.
    await eventually(async () => {
      const rows = await deliveriesOf(ctx, endpointId);
      return rows.length === 2 && rows.every((d) => d.attempts >= 3 && d.status === 'FAILED') ? true : undefined;
    }, 'attempts while down');
    const whileDown = await deliveriesOf(ctx, endpointId);
    expect(whileDown).toHaveLength(2);
    expect(whileDown.map((d) => d.status)).toEqual(['FAILED', 'FAILED']);
    expect(whileDown[1]!.lastError).toContain('ECONNREFUSED');
    // Back up: both arrive, each with the webhook-id it had from the start.
    r.status = 200;
    await r.start();
    await alertsSettled(ctx);
    const delivered = await deliveriesOf(ctx, endpointId);
    expect(delivered.map((d) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const ids = r.received.map((d) => d.headers['webhook-id']);
    expect(ids.slice(0, 2)).toEqual([delivered[0]!.messageId, delivered[0]!.messageId]);
    expect(new Set(ids)).toEqual(new Set(delivered.map((d) => d.messageId)));
    for (const d of r.received) verify(secret, d);
    expect(ids.filter((id) => id === delivered[1]!.messageId)).toHaveLength(1);
    const bodies = r.received.filter((d) => d.headers['webhook-id'] === delivered[0]!.messageId).map((d) => d.body);
    expect(new Set(bodies)).toEqual(new Set([firstBody]));
    // Bodies are rendered from their alert, not stored per delivery; the log shows what was sent.
    const stored = await ctx.sql.query(
      `SELECT count(*)::int AS n FROM "WebhookDelivery" WHERE "endpointId" = $1 AND payload IS NOT NULL`,
      [endpointId],
    );
    expect(stored.rows[0].n).toBe(0);
    const log = await t.client.request<{
      webhookDeliveries: { edges: { node: { webhookId: string; payload: unknown } }[] };
    }>('query ($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { webhookId payload } } } }', {
      id: endpointId,
    });
    expect(log.webhookDeliveries.edges.find((e) => e.node.webhookId === delivered[0]!.messageId)!.node.payload).toEqual(
      JSON.parse(firstBody),
    );

    // A manual redelivery is the same message again.
    const { redeliverWebhook } = await t.client.request<{ redeliverWebhook: string }>(
      'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) }',
      { id: delivered[1]!.id },
    );
    expect(redeliverWebhook).toBe(delivered[1]!.id);
    await eventually(async () => (r.received.length === ids.length + 1 ? true : undefined), 'the redelivery');
    expect(r.received.at(-1)!.headers['webhook-id']).toBe(delivered[1]!.messageId);
    expect(r.received.at(-1)!.body).toBe(
      r.received.find((d) => d.headers['webhook-id'] === delivered[1]!.messageId)!.body,
    );
  });

  it('forgets a deleted cluster in endpoint filters: an endpoint left with none is disabled, never widened', async () => {
    const t = await tenant(ctx);
    const other = await ctx.newCluster(t.organizationId);
    const r = await receiver();
    const only = await t.endpoint(r, { clusterIds: [t.clusterId] });
    const both = await t.endpoint(r, { clusterIds: [t.clusterId, other.clusterId] });
    await t.client.request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: t.clusterId });

    const ENDPOINTS = '{ webhookEndpoints { id enabled clusterIds disabledReason } }';
    const { webhookEndpoints } = await t.client.request<{
      webhookEndpoints: { id: string; enabled: boolean; clusterIds: string[]; disabledReason: string | null }[];
    }>(ENDPOINTS);
    expect(webhookEndpoints.find((e) => e.id === only.id)).toEqual({
      id: only.id,
      enabled: false,
      clusterIds: [],
      disabledReason: 'every cluster it was limited to was deleted',
    });
    expect(webhookEndpoints.find((e) => e.id === both.id)).toMatchObject({
      enabled: true,
      clusterIds: [other.clusterId],
    });
    // Still manageable; enabling it needs an explicit choice of clusters ([] would mean every one).
    const UPDATE = `mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) {
      updateWebhookEndpoint(id: $id, input: $input) { enabled clusterIds } }`;
    await t.client.request(UPDATE, { id: only.id, input: { description: 'audit cluster' } });
    expect(await failureOf(t.client.request(UPDATE, { id: only.id, input: { enabled: true } }))).toBe(
      'BAD_USER_INPUT: Invalid clusterIds: The clusters this endpoint was limited to were deleted: say which clusters it is for ([] for every cluster).',
    );
    expect(
      await t.client.request(UPDATE, { id: only.id, input: { enabled: true, clusterIds: [other.clusterId] } }),
    ).toEqual({ updateWebhookEndpoint: { enabled: true, clusterIds: [other.clusterId] } });
  });

  it('disables an endpoint that answers 410, says why, and sends nothing more until it is enabled', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { id: endpointId } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    await t.push(minute(0), [app('api')]);
    r.status = 410;
    await t.push(minute(10), [app('api', true)]);
    await alertsSettled(ctx);
    expect(r.received).toHaveLength(1);
    const [gone] = await deliveriesOf(ctx, endpointId);
    expect(gone).toMatchObject({ status: 'DEAD', attempts: 1, lastStatusCode: 410 });
    const endpoints = async () =>
      (
        await t.client.request<{ webhookEndpoints: { id: string; enabled: boolean; disabledReason: string | null }[] }>(
          '{ webhookEndpoints { id enabled disabledReason disabledAt } }',
        )
      ).webhookEndpoints;
    expect(await endpoints()).toEqual([
      expect.objectContaining({ id: endpointId, enabled: false, disabledReason: 'the receiver answered 410 Gone' }),
    ]);
    const { auditLog } = await t.client.request<{
      auditLog: { edges: { node: { action: string; actorType: string } }[] };
    }>('{ auditLog(action: "webhookEndpoint.disable") { edges { node { action actorType targetId } } } }');
    expect(auditLog.edges.map((e) => e.node)).toEqual([
      { action: 'webhookEndpoint.disable', actorType: 'SYSTEM', targetId: endpointId },
    ]);

    // Disabled: the next alert makes no delivery for it, and redelivery is refused with the reason.
    await t.push(minute(20), [app('api', true), app('web', true)]);
    await alertsSettled(ctx);
    expect(await deliveriesOf(ctx, endpointId)).toHaveLength(1);
    expect(
      await failureOf(t.client.request('mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) }', { id: gone!.id })),
    ).toBe('BAD_USER_INPUT: The endpoint is disabled; enable it before redelivering.');

    // Enabled again: the reason is cleared and a redelivery goes out.
    r.status = 204;
    await t.client.request('mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: true }) { id } }', {
      id: endpointId,
    });
    expect(await endpoints()).toEqual([expect.objectContaining({ enabled: true, disabledReason: null })]);
    await t.client.request('mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) }', { id: gone!.id });
    await eventually(async () => (r.received.length === 2 ? true : undefined), 'the redelivery');
    expect(r.received[1]!.headers['webhook-id']).toBe(gone!.messageId);
  });

  it('refuses loopback, private, link-local and metadata targets, by name or address, and DNS rebinding', async () => {
    const t = await tenant(ctx);
    const create = (url: string) => failureOf(t.client.request(ENDPOINT, { input: { url } }));
    const port = new URL(bait.url).port;
    expect(await create(`http://127.0.0.1:${port}/hooks`)).toBe(
      'BAD_USER_INPUT: Invalid url: refused: 127.0.0.1 is a loopback address',
    );
    expect(await create('http://[::1]/hooks')).toBe('BAD_USER_INPUT: Invalid url: refused: ::1 is a loopback address');
    expect(await create('http://[::ffff:127.0.0.1]/hooks')).toContain('127.0.0.1 is a loopback address');
    expect(await create('http://10.1.2.3/hooks')).toBe(
      'BAD_USER_INPUT: Invalid url: refused: 10.1.2.3 is a private address',
    );
    expect(await create('http://169.254.169.254/latest/meta-data/')).toContain(
      '169.254.169.254 is a link-local address (cloud metadata services live here)',
    );
    expect(await create('http://0.0.0.0/')).toContain('0.0.0.0 is the unspecified address');
    expect(await create('http://internal.kubeward.test/hooks')).toBe(
      'BAD_USER_INPUT: Invalid url: refused: internal.kubeward.test resolves to 10.0.0.7, a private address',
    );
    expect(await create('http://nowhere.kubeward.test/hooks')).toBe(
      'BAD_USER_INPUT: Invalid url: nowhere.kubeward.test does not resolve',
    );
    expect(await create('ftp://example.com/')).toBe('BAD_USER_INPUT: Invalid url: unsupported scheme ftp:');
    expect(await create('http://user:pw@127.0.0.2/')).toBe(
      'BAD_USER_INPUT: Invalid url: credentials in the URL are not allowed',
    );
    expect(await create('not a url')).toBe('BAD_USER_INPUT: Invalid url: not a URL');
    // Moving an existing endpoint somewhere private is refused the same way.
    const ok = await receiver();
    const { id } = await t.endpoint(ok, { eventTypes: FINDING_EVENTS });
    expect(
      await failureOf(
        t.client.request(
          'mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { url: "http://10.0.0.1/" }) { id } }',
          {
            id,
          },
        ),
      ),
    ).toBe('BAD_USER_INPUT: Invalid url: refused: 10.0.0.1 is a private address');

    // Rebinding: the name was public when saved; the delivery's own lookup says loopback, and is refused.
    const rebound = await t.client.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(ENDPOINT, {
      input: { url: `http://rebind.kubeward.test:${port}/hooks` },
    });
    const test = await t.client.request<{
      testWebhookEndpoint: { succeeded: boolean; statusCode: number | null; error: string };
    }>('mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded statusCode error } }', {
      id: rebound.createWebhookEndpoint.endpoint.id,
    });
    expect(test.testWebhookEndpoint).toEqual({
      succeeded: false,
      statusCode: null,
      error: 'refused: rebind.kubeward.test resolves to 127.0.0.1, a loopback address',
    });

    // A redirect (here to the bait on 127.0.0.1) is a failure, never followed.
    const redirecting = await receiver();
    redirecting.redirectTo = bait.url;
    const hop = await t.endpoint(redirecting, { eventTypes: FINDING_EVENTS });
    const redirected = await t.client.request<{
      testWebhookEndpoint: { succeeded: boolean; statusCode: number; error: string };
    }>('mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded statusCode error } }', { id: hop.id });
    expect(redirected.testWebhookEndpoint).toMatchObject({ succeeded: false, statusCode: 302 });
    expect(redirected.testWebhookEndpoint.error).toContain('redirects are not followed');
    expect(redirecting.received).toHaveLength(1);
  });

  it('signs with both secrets for the grace period after a rotation', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { id, secret: before } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    const ping = () =>
      t.client.request<{ testWebhookEndpoint: { succeeded: boolean } }>(
        'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded } }',
        { id },
      );
    expect((await ping()).testWebhookEndpoint.succeeded).toBe(true);
    expect(r.received[0]!.headers['webhook-signature']).toMatch(/^v1,\S+$/);
    expect(verify(before, r.received[0]!)).toMatchObject({ type: 'webhook.test', data: { endpoint: { id } } });

    const { rotateWebhookSecret } = await t.client.request<{
      rotateWebhookSecret: { secret: string; endpoint: { previousSecretExpiresAt: string } };
    }>('mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }', { id });
    const after = rotateWebhookSecret.secret;
    expect(after).not.toBe(before);
    secretsOf.set(r, [before, after]);
    const grace = Date.parse(rotateWebhookSecret.endpoint.previousSecretExpiresAt) - Date.now();
    expect(grace).toBeGreaterThan(23.9 * 3600_000);
    expect(grace).toBeLessThanOrEqual(24 * 3600_000);
    await ping();
    expect(r.received[1]!.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verify(before, r.received[1]!).type).toBe('webhook.test');
    expect(verify(after, r.received[1]!).type).toBe('webhook.test');
    expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, r.received[1]!)).toThrow();
  });
});

describe('scheduled alerts and endpoint health', () => {
  let ctx: TestContext;
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = new WebhookReceiver();
    receivers.push(r);
    await r.start();
    return r;
  };

  beforeAll(async () => {
    ctx = await createTestContext({
      CLUSTER_STALE_AFTER_MINUTES: '0.1', // 6 s
      MONITOR_INTERVAL_MS: '200',
      WEBHOOK_DISABLE_AFTER_HOURS: '0.0005', // 1.8 s
      WEBHOOK_SECRET_GRACE_HOURS: '0',
      WEBHOOK_TIMEOUT_MS: '500',
    });
  });
  afterEach(everyDeliveryVerifies);
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await ctx?.close();
  });

  it('alerts a stale cluster once and its recovery once; a cluster that never reported is not stale', async () => {
    const t = await tenant(ctx);
    const never = await ctx.newCluster(t.organizationId, 'not-installed-yet');
    const r = await receiver();
    const { secret } = await t.endpoint(r, { eventTypes: ['cluster.stale', 'cluster.recovered'] });
    await t.push(new Date().toISOString(), [app('api')]);
    const stale = verify(secret, await eventually(async () => r.received[0], 'the stale alert', 30_000));
    expect(stale).toMatchObject({
      type: 'cluster.stale',
      data: { version: 1, cluster: { id: t.clusterId }, staleAfterMinutes: 0.1, lastSeenAt: expect.any(String) },
    });
    // Many monitor runs later, still one alert.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(r.received).toHaveLength(1);

    await t.push(new Date().toISOString(), [app('api')]);
    const recovered = verify(secret, await eventually(async () => r.received[1], 'the recovery alert'));
    expect(recovered).toMatchObject({
      type: 'cluster.recovered',
      data: { cluster: { id: t.clusterId }, staleSince: expect.any(String) },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(r.received.map((d) => verify(secret, d).type)).toEqual(['cluster.stale', 'cluster.recovered']);
    expect(r.received.every((d) => verify(secret, d).data.cluster?.id !== never.clusterId)).toBe(true);
  });

  it('alerts an accepted risk reaching its expiry, once', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { secret } = await t.endpoint(r, { eventTypes: ['exception.expired'] });
    const { createException } = await t.client.request<{ createException: { id: string } }>(
      `mutation ($c: ID!, $at: DateTime!) { createException(input: { clusterId: $c, ruleId: "privileged-container",
         reason: "until the vendor ships a fix", owner: "sec-team", expiresAt: $at }) { id } }`,
      { c: t.clusterId, at: new Date(Date.now() + 1_500).toISOString() },
    );
    const expired = verify(secret, await eventually(async () => r.received[0], 'the expiry alert'));
    expect(expired).toMatchObject({
      type: 'exception.expired',
      data: {
        exception: {
          id: createException.id,
          clusterId: t.clusterId,
          ruleId: 'privileged-container',
          reason: 'until the vendor ships a fix',
          owner: 'sec-team',
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(r.received).toHaveLength(1);
  });

  it('disables an endpoint that has failed for the configured time, and says why', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    r.status = 500;
    const { id } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    await t.push(new Date(Date.now() - 60_000).toISOString(), [app('api')]);
    await t.push(new Date().toISOString(), [app('api', true)]);
    const { webhookEndpoints } = await eventually(async () => {
      const data = await t.client.request<{
        webhookEndpoints: { enabled: boolean; disabledReason: string; failingSince: string }[];
      }>('{ webhookEndpoints { enabled disabledReason failingSince } }');
      return data.webhookEndpoints[0]!.enabled ? undefined : data;
    }, 'the endpoint to be disabled');
    expect(webhookEndpoints[0]!.disabledReason).toMatch(/^every attempt failed since \S+ \(last: HTTP 500\)$/);
    const [delivery] = await deliveriesOf(ctx, id);
    expect(delivery!.status).toBe('DEAD');
    expect(delivery!.attempts).toBeGreaterThan(2);
    expect(r.received.length).toBe(delivery!.attempts);
  });

  it('gives up an attempt at the timeout', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    r.hang = true;
    const { id } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    const { testWebhookEndpoint } = await t.client.request<{
      testWebhookEndpoint: { succeeded: boolean; statusCode: number | null; latencyMs: number; error: string };
    }>('mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded statusCode latencyMs error } }', { id });
    expect(testWebhookEndpoint).toMatchObject({ succeeded: false, statusCode: null, error: 'timed out after 500 ms' });
    expect(testWebhookEndpoint.latencyMs).toBeGreaterThanOrEqual(450);
    // Once: the reconciler must not pick up a ping's delivery row and send it again.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(r.received).toHaveLength(1);
  });

  it('stops signing with the old secret when the grace period is over', async () => {
    const t = await tenant(ctx);
    const r = await receiver();
    const { id, secret: before } = await t.endpoint(r, { eventTypes: FINDING_EVENTS });
    const { rotateWebhookSecret } = await t.client.request<{ rotateWebhookSecret: { secret: string } }>(
      'mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      { id },
    );
    secretsOf.set(r, [rotateWebhookSecret.secret]);
    await t.client.request('mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded } }', { id });
    expect(verify(rotateWebhookSecret.secret, r.received[0]!).type).toBe('webhook.test');
    expect(() => verify(before, r.received[0]!)).toThrow();
  });
});

describe('webhook URLs in production', () => {
  let ctx: TestContext;
  let client: GraphQLClient;
  beforeAll(async () => {
    ctx = await createTestContext({ WEBHOOK_ALLOW_HTTP: 'false', WEBHOOK_ALLOWED_HOSTS: '' }, { worker: false });
    client = clientFor(ctx.url, (await ctx.newOrg()).ownerKey);
  });
  afterAll(() => ctx?.close());

  it('takes https only, and checks the address there too', async () => {
    const create = (url: string) => failureOf(client.request(ENDPOINT, { input: { url } }));
    expect(await create('http://hooks.example.com/x')).toBe(
      'BAD_USER_INPUT: Invalid url: plain http is not allowed (https only)',
    );
    expect(await create('https://192.168.1.10/x')).toBe(
      'BAD_USER_INPUT: Invalid url: refused: 192.168.1.10 is a private address',
    );
    expect(await create('https://100.100.100.200/x')).toContain('carrier-grade NAT');
    expect(
      await failureOf(
        client.request(ENDPOINT, { input: { url: 'https://93.184.216.34/x', eventTypes: ['finding.gone'] } }),
      ),
    ).toContain('BAD_USER_INPUT: Invalid eventTypes: Unknown event types: finding.gone');
    expect(
      await failureOf(client.request(ENDPOINT, { input: { url: 'https://93.184.216.34/x', postureDropPoints: 0 } })),
    ).toBe('BAD_USER_INPUT: Invalid postureDropPoints: A whole number of points from 1 to 100.');
    // A public address is taken (nothing is sent until something alerts).
    const { createWebhookEndpoint } = await client.request<{ createWebhookEndpoint: { secret: string } }>(ENDPOINT, {
      input: { url: 'https://93.184.216.34/x' },
    });
    expect(createWebhookEndpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });
});
