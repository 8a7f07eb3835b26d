import { FakeJira, FakePagerDuty, FakeSlack, FakeTeams, type MailServer, startMailServer } from '@kubeward/harness';
import { DigestService } from '../src/modules/webhooks/digest.service';
import { createTestContext, eventually, type TestContext } from './support/context';
import { failureOf } from './support/graphql';
import { alertsSettled, deployment, pusher, tenantWithCluster } from './support/snapshots';

/**
 * Alerts where teams work, end to end: the real API and worker deliver to local stand-ins for
 * Slack, Teams, PagerDuty and Jira that check every request against the service's published
 * format and answer as it does (rate limits included), and to a real SMTP server.
 */

const CONSOLE = 'https://kubeward.example.com';
const DESTINATION = `mutation ($input: CreateAlertDestinationInput!) {
  createAlertDestination(input: $input) {
    id kind url eventTypes minSeverity teamIds namespaces schedule jira { email projectKey issueType } } }`;
const BASE = Date.now() - 3_600_000;
const minute = (n: number) => new Date(BASE + n * 60_000).toISOString();

interface Destination {
  id: string;
  kind: string;
  url: string;
  eventTypes: string[];
  minSeverity: string;
  teamIds: string[];
  namespaces: string[];
  schedule: string;
  jira: { email: string; projectKey: string; issueType: string } | null;
}

async function tenant(ctx: TestContext) {
  const base = await tenantWithCluster(ctx);
  const { client } = base;
  return {
    ...base,
    async destination(input: Record<string, unknown>): Promise<Destination> {
      return (await client.request<{ createAlertDestination: Destination }>(DESTINATION, { input }))
        .createAlertDestination;
    },
  };
}

const deliveriesOf = async (ctx: TestContext, endpointId: string) =>
  (
    await ctx.sql.query(
      `SELECT d.id, d.status::text, d.attempts, d."lastError",
              (SELECT array_agg(a."statusCode" ORDER BY a.at) FROM "WebhookDeliveryAttempt" a WHERE a."deliveryId" = d.id) AS codes
       FROM "WebhookDelivery" d WHERE d."endpointId" = $1 ORDER BY d."createdAt", d.id`,
      [endpointId],
    )
  ).rows as { id: string; status: string; attempts: number; lastError: string | null; codes: (number | null)[] }[];

/** The findings of the cluster at or above HIGH, by id, with their fingerprint. */
const seriousFindings = async (ctx: TestContext, clusterId: string, status: 'OPEN' | 'RESOLVED') =>
  (
    await ctx.sql.query(
      `SELECT id, fingerprint FROM "Finding" WHERE "clusterId" = $1 AND status = $2::"FindingStatus"
         AND severity IN ('HIGH', 'CRITICAL') AND NOT platform ORDER BY id`,
      [clusterId, status],
    )
  ).rows as { id: string; fingerprint: string }[];

describe('alert destinations', () => {
  let ctx: TestContext;
  let mail: MailServer;
  const slack = new FakeSlack('127.0.0.2');
  const teams = new FakeTeams('127.0.0.2');
  const pagerDuty = new FakePagerDuty('127.0.0.2');
  const jira = new FakeJira(
    { email: 'secops@acme.example', token: 'jira-api-token-0123456789', projectKey: 'SEC' },
    '127.0.0.2',
  );
  const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';

  beforeAll(async () => {
    await Promise.all([slack.start(), teams.start(), pagerDuty.start(), jira.start()]);
    pagerDuty.routingKeys.add(routingKey);
    mail = await startMailServer();
    ctx = await createTestContext({
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.2',
      WEBHOOK_RETRY_BASE_MS: '100',
      PUBLIC_CONSOLE_URL: CONSOLE,
      SMTP_URL: mail.url,
      MAIL_FROM: 'Kubeward <alerts@kubeward.example>',
      // A reopening 10 minutes after the fix is a real one here (flapping has its own tests).
      WEBHOOK_FLAP_WINDOW_MINUTES: '5',
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await mail?.stop();
    for (const s of [slack, teams, pagerDuty, jira]) await s.stop();
  });
  afterEach(() => {
    // Nothing any stand-in received broke its service's format.
    for (const s of [slack, teams, pagerDuty, jira]) expect(s.problems).toEqual([]);
  });

  it('posts Block Kit to Slack and an Adaptive Card to Teams, honouring Slack’s Retry-After; chat URLs stay secret', async () => {
    const t = await tenant(ctx);
    const toSlack = await t.destination({ kind: 'SLACK', url: slack.webhookUrl });
    const toTeams = await t.destination({ kind: 'TEAMS', url: teams.webhookUrl });
    // The URL is the credential: only where it points is ever shown.
    expect(toSlack).toMatchObject({ kind: 'SLACK', url: `${slack.origin}/…`, minSeverity: 'LOW' });
    const listed = JSON.stringify(await t.client.request('{ webhookEndpoints { url } }'));
    expect(listed).not.toContain(slack.path);
    expect(listed).not.toContain('s3cr3tSignature');
    const audit = await ctx.sql.query(`SELECT details::text FROM "AuditLog" WHERE "organizationId" = $1`, [
      t.organizationId,
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(slack.path);

    await t.push(minute(0), [deployment('api')]);
    slack.rateLimit = { remaining: 1, retryAfterSeconds: 1 };
    await t.push(minute(10), [deployment('api', { privileged: true })]);
    const [message] = await slack.waitFor(() => true);
    const [card] = await teams.waitFor(() => true);
    const text = JSON.stringify(message!.body);
    expect(text).toContain('payments/Deployment/api');
    expect(text).toContain(`${CONSOLE}/clusters/${t.clusterId}`);
    expect(JSON.stringify(card!.body)).toContain('payments/Deployment/api');

    // The 429 was logged and waited out: the next request came no sooner than Slack asked.
    await alertsSettled(ctx);
    const [delivery] = await deliveriesOf(ctx, toSlack.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 2, codes: [429, 200] });
    expect(await deliveriesOf(ctx, toTeams.id)).toMatchObject([{ status: 'SUCCEEDED', attempts: 1, codes: [202] }]);
    // The log shows what Slack was sent: its Block Kit, not the webhook JSON.
    const log = await t.client.request<{
      webhookDeliveries: { edges: { node: { type: string; payload: { blocks?: unknown[] } } }[] };
    }>('query ($id: ID!) { webhookDeliveries(endpointId: $id) { edges { node { type payload } } } }', {
      id: toSlack.id,
    });
    expect(log.webhookDeliveries.edges[0]!.node.type).toBe('evaluation.changed');
    expect(log.webhookDeliveries.edges[0]!.node.payload).toEqual(message!.body);
    const [throttled, accepted] = slack.requests.slice(-2);
    expect(throttled!.status).toBe(429);
    expect(accepted!.status).toBe(200);
    const attempts = await ctx.sql.query(
      `SELECT at FROM "WebhookDeliveryAttempt" WHERE "deliveryId" = $1 ORDER BY at`,
      [delivery!.id],
    );
    expect(attempts.rows[1].at.getTime() - attempts.rows[0].at.getTime()).toBeGreaterThanOrEqual(900);
    // The endpoint is healthy again: a rate limit answered is not a failing receiver.
    const { rows } = await ctx.sql.query(`SELECT "failingSince", enabled FROM "WebhookEndpoint" WHERE id = $1`, [
      toSlack.id,
    ]);
    expect(rows[0]).toEqual({ failingSince: null, enabled: true });
  });

  it('opens a PagerDuty incident and a Jira issue per serious finding, resolves both on the fix and reopens them', async () => {
    const t = await tenant(ctx);
    const pd = await t.destination({ kind: 'PAGERDUTY', url: pagerDuty.eventsUrl, credential: routingKey });
    const tracker = await t.destination({
      kind: 'JIRA',
      url: jira.origin,
      credential: jira.account.token,
      jira: { email: jira.account.email, projectKey: 'SEC' },
    });
    // Pagers and trackers hear of serious findings and of their fixes by default.
    expect(pd).toMatchObject({
      minSeverity: 'HIGH',
      eventTypes: expect.arrayContaining(['finding.opened', 'finding.resolved']),
    });
    expect(tracker.jira).toEqual({ email: jira.account.email, projectKey: 'SEC', issueType: 'Task' });

    await t.push(minute(0), [deployment('api')]);
    const baseline = new Set((await seriousFindings(ctx, t.clusterId, 'OPEN')).map((f) => f.id));
    await t.push(minute(10), [deployment('api', { privileged: true, hostPID: true })]);
    await alertsSettled(ctx);
    const open = (await seriousFindings(ctx, t.clusterId, 'OPEN')).filter((f) => !baseline.has(f.id));
    expect(open.length).toBeGreaterThanOrEqual(2);
    const keyOf = (f: { fingerprint: string }) => `kubeward/${t.clusterId}/${f.fingerprint}`;
    for (const f of open) expect(pagerDuty.alerts.get(keyOf(f))).toMatchObject({ status: 'triggered', triggers: 1 });
    const issues = () => [...jira.issues.values()].filter((i) => i.fields.summary.includes('payments/Deployment/api'));
    expect(issues()).toHaveLength(open.length);
    const issueOf = (id: string) => issues().find((i) => i.fields.labels.includes(`kubeward-${id}`))!;
    for (const f of open) expect(issueOf(f.id).status).toBe('To Do');

    // The fix resolves every incident and moves every issue to done, with a comment; PagerDuty
    // throttles the first two events, and the engine retries past it.
    pagerDuty.rateLimit = { remaining: 2, retryAfterSeconds: null };
    await t.push(minute(20), [deployment('api')]);
    await alertsSettled(ctx);
    for (const f of open) {
      expect(pagerDuty.alerts.get(keyOf(f))!.status).toBe('resolved');
      expect(issueOf(f.id)).toMatchObject({ status: 'Done', comments: [expect.anything()] });
    }
    expect(JSON.stringify(issueOf(open[0]!.id).comments)).toContain('Resolved in cluster');

    // A reopen: the same incident triggers again (same dedup key) and the same issue reopens.
    await t.push(minute(30), [deployment('api', { privileged: true, hostPID: true })]);
    await alertsSettled(ctx);
    for (const f of open) {
      expect(pagerDuty.alerts.get(keyOf(f))).toMatchObject({ status: 'triggered', triggers: 2 });
      expect(issueOf(f.id)).toMatchObject({ status: 'To Do', comments: [expect.anything(), expect.anything()] });
    }
    expect(issues()).toHaveLength(open.length);
    for (const d of await deliveriesOf(ctx, pd.id)) expect(d.status).toBe('SUCCEEDED');
    for (const d of await deliveriesOf(ctx, tracker.id)) expect(d.status).toBe('SUCCEEDED');
  });

  it('never files two Jira issues for one finding, even after a crash between creating and recording it', async () => {
    const t = await tenant(ctx);
    const tracker = await t.destination({
      kind: 'JIRA',
      url: jira.origin,
      credential: jira.account.token,
      jira: { email: jira.account.email, projectKey: 'SEC', issueType: 'Bug' },
    });
    await t.push(minute(0), [deployment('worker')]);
    jira.rateLimit = { remaining: 1, retryAfterSeconds: 1 };
    await t.push(minute(10), [deployment('worker', { privileged: true })]);
    await alertsSettled(ctx);
    const mine = () => [...jira.issues.values()].filter((i) => i.fields.summary.includes('payments/Deployment/worker'));
    const before = mine().length;
    expect(before).toBeGreaterThan(0);
    expect(mine()[0]!.fields.issuetype).toEqual({ name: 'Bug' });

    // As if the worker died after Jira created the issues and before their keys were saved.
    await ctx.sql.query(
      `UPDATE "AlertTicket" SET "externalKey" = NULL, "createdAt" = now() - interval '1 hour' WHERE "endpointId" = $1`,
      [tracker.id],
    );
    const [delivery] = await deliveriesOf(ctx, tracker.id);
    await t.client.request('mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) }', { id: delivery!.id });
    await eventually(async () => {
      const { rows } = await ctx.sql.query(
        `SELECT count(*)::int AS n FROM "AlertTicket" WHERE "endpointId" = $1 AND "externalKey" IS NOT NULL`,
        [tracker.id],
      );
      return rows[0].n === before ? true : undefined;
    }, 'the issues to be found again');
    expect(mine()).toHaveLength(before);
  });

  it('lets go of a Jira issue deleted by hand, and files a new one if the finding reopens', async () => {
    const t = await tenant(ctx);
    const tracker = await t.destination({
      kind: 'JIRA',
      url: jira.origin,
      credential: jira.account.token,
      jira: { email: jira.account.email, projectKey: 'SEC' },
    });
    const mine = () => [...jira.issues.values()].filter((i) => i.fields.summary.includes('payments/Deployment/gone'));
    await t.push(minute(0), [deployment('gone')]);
    await t.push(minute(10), [deployment('gone', { privileged: true })]);
    await alertsSettled(ctx);
    const filed = mine();
    expect(filed.length).toBeGreaterThan(0);
    for (const issue of filed) jira.issues.delete(issue.key);

    await t.push(minute(20), [deployment('gone')]);
    await alertsSettled(ctx);
    for (const d of await deliveriesOf(ctx, tracker.id)) expect(d.status).toBe('SUCCEEDED');
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "AlertTicket" WHERE "endpointId" = $1`, [
      tracker.id,
    ]);
    expect(rows[0].n).toBe(0);

    await t.push(minute(30), [deployment('gone', { privileged: true })]);
    await alertsSettled(ctx);
    const refiled = mine();
    expect(refiled).toHaveLength(filed.length);
    expect(refiled.map((i) => i.fields.labels)).toEqual(filed.map((i) => i.fields.labels));
    for (const issue of refiled) expect(issue.status).toBe('To Do');
  });

  it('mails the recipients of an email destination', async () => {
    const t = await tenant(ctx);
    const { id } = await t.destination({ kind: 'EMAIL', recipients: ['SecOps@acme.example', 'nobody@acme.example'] });
    // The recipients change through an update, checked as when created.
    const update = (input: Record<string, unknown>) =>
      t.client.request<{ updateWebhookEndpoint: { url: string } }>(
        'mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { url } }',
        { id, input },
      );
    expect(await failureOf(update({ recipients: ['not mail'] }))).toMatch(/Invalid recipients/);
    expect(await failureOf(update({ credential: 'x'.repeat(32) }))).toMatch(
      /Invalid credential: an email destination takes no credential/,
    );
    expect(
      (await update({ recipients: ['SecOps@acme.example', 'oncall@acme.example'] })).updateWebhookEndpoint.url,
    ).toBe('mailto:secops%40acme.example,oncall%40acme.example');
    await t.push(minute(0), [deployment('mailer')]);
    await t.push(minute(10), [deployment('mailer', { privileged: true })]);
    const received = await mail.waitFor('secops@acme.example', (m) => m.text.includes('payments/Deployment/mailer'));
    expect(received.to).toEqual(['secops@acme.example', 'oncall@acme.example']);
    expect(received.subject).toMatch(/^\[Kubeward\] .*opened/);
    expect(received.text).toContain(`${CONSOLE}/findings/`);
  });

  it('routes by team and namespace: a destination hears only of its teams’ clusters and its namespaces', async () => {
    const t = await tenant(ctx);
    const { clusterId: other, agentToken: otherToken } = await ctx.newCluster(t.organizationId, 'other-team');
    const team = async (name: string) =>
      (
        await t.client.request<{ createTeam: { id: string } }>(
          'mutation ($n: String!) { createTeam(name: $n) { id } }',
          { n: name },
        )
      ).createTeam.id;
    const [payments, platform] = [await team('payments'), await team('platform')];
    const assign = (clusterId: string, teamId: string) =>
      t.client.request('mutation ($c: ID!, $t: ID) { assignCluster(clusterId: $c, teamId: $t) { id } }', {
        c: clusterId,
        t: teamId,
      });
    await assign(t.clusterId, payments);
    await assign(other, platform);
    const routed = new FakeSlack('127.0.0.2');
    await routed.start();
    try {
      const d = await t.destination({
        kind: 'SLACK',
        url: routed.webhookUrl,
        teamIds: [payments],
        namespaces: ['payments'],
      });
      expect(d).toMatchObject({ teamIds: [payments], namespaces: ['payments'], schedule: 'IMMEDIATE' });
      const inNamespace = (name: string, namespace: string, privileged: boolean) => {
        const m = deployment(name, { privileged });
        return { ...m, metadata: { ...m.metadata, namespace } };
      };
      // The other team's cluster regresses: nothing for this destination.
      const pushOther = pusher(ctx, other, otherToken);
      await pushOther(minute(0), [deployment('api')]);
      await pushOther(minute(10), [deployment('api', { privileged: true })]);
      // Its own cluster: a regression in another namespace is not for it; one in payments is.
      await t.push(minute(0), [inNamespace('api', 'payments', false), inNamespace('tool', 'tools', false)]);
      await t.push(minute(10), [inNamespace('api', 'payments', false), inNamespace('tool', 'tools', true)]);
      await alertsSettled(ctx);
      expect(routed.requests).toEqual([]);
      await t.push(minute(20), [inNamespace('api', 'payments', true), inNamespace('tool', 'tools', true)]);
      const [message] = await routed.waitFor(() => true);
      const text = JSON.stringify(message!.body);
      expect(text).toContain('payments/Deployment/api');
      expect(text).not.toContain('tools/Deployment/tool');
      await alertsSettled(ctx);
      expect(routed.requests).toHaveLength(1);

      // A team a destination is routed to is not deleted from under it.
      const audit = await team('audit');
      await t.destination({ kind: 'SLACK', url: routed.webhookUrl, teamIds: [audit] });
      expect(
        await failureOf(t.client.request('mutation ($id: ID!) { deleteTeam(id: $id) { id } }', { id: audit })),
      ).toMatch(/0 cluster\(s\) and 1 alert endpoint\(s\) are its own or routed to it/);

      const refused = (input: Record<string, unknown>) => failureOf(t.client.request(DESTINATION, { input }));
      expect(await refused({ kind: 'SLACK', url: routed.webhookUrl, namespaces: ['Not_A_Namespace'] })).toMatch(
        /Invalid namespaces: not a namespace name: Not_A_Namespace/,
      );
      expect(
        await refused({ kind: 'SLACK', url: routed.webhookUrl, teamIds: ['01a00000-0000-7000-8000-000000000000'] }),
      ).toMatch(/^NOT_FOUND/);
      expect(
        await refused({ kind: 'PAGERDUTY', url: pagerDuty.eventsUrl, credential: routingKey, schedule: 'DAILY' }),
      ).toMatch(/Invalid schedule: .*IMMEDIATE/);
    } finally {
      await routed.stop();
    }
  });

  it('gathers a digest destination’s alerts into one mail per period, and sends nothing for a quiet one', async () => {
    const t = await tenant(ctx);
    const digest = await t.destination({ kind: 'EMAIL', recipients: ['digest@acme.example'], schedule: 'DAILY' });
    expect(digest.schedule).toBe('DAILY');
    await t.push(minute(0), [deployment('batch'), deployment('cron')]);
    await t.push(minute(10), [deployment('batch', { privileged: true }), deployment('cron')]);
    await t.push(minute(20), [deployment('batch', { privileged: true }), deployment('cron', { hostPID: true })]);
    await alertsSettled(ctx);
    // Nothing at once: the alerts wait for the day's end.
    expect(mail.received.filter((m) => m.to.includes('digest@acme.example'))).toEqual([]);

    // The day ends (the worker's clock is moved, not waited for).
    const digests = ctx.worker!.get(DigestService);
    const tomorrow = new Date(Date.now() + 86_400_000 + 120_000);
    await digests.runOnce(tomorrow);
    const received = await mail.waitFor('digest@acme.example');
    expect(received.subject).toMatch(/^\[Kubeward\] Daily digest, \d{4}-\d\d-\d\d UTC: \d+ findings opened/);
    expect(received.text).toContain('payments/Deployment/batch');
    expect(received.text).toContain('payments/Deployment/cron');
    expect(received.text).toMatch(/cluster-\d+: \d+ findings opened; score [\d.]+ → [\d.]+/);

    // The same day is not sent twice, and a quiet day sends nothing.
    await digests.runOnce(tomorrow);
    await digests.runOnce(new Date(tomorrow.getTime() + 86_400_000));
    await alertsSettled(ctx);
    expect(mail.received.filter((m) => m.to.includes('digest@acme.example'))).toHaveLength(1);
  });

  it('tests each destination and says what is wrong with bad settings', async () => {
    const t = await tenant(ctx);
    const test = async (id: string) =>
      (
        await t.client.request<{ testWebhookEndpoint: { succeeded: boolean; error: string | null } }>(
          'mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded error } }',
          { id },
        )
      ).testWebhookEndpoint;
    const pd = await t.destination({ kind: 'PAGERDUTY', url: pagerDuty.eventsUrl, credential: routingKey });
    expect(await test(pd.id)).toEqual({ succeeded: true, error: null });
    // The test triggers and resolves at once: nothing is left open.
    expect(pagerDuty.alerts.get(`kubeward/test/${pd.id}`)?.status).toBe('resolved');
    const slackTest = await t.destination({ kind: 'SLACK', url: slack.webhookUrl });
    expect(await test(slackTest.id)).toEqual({ succeeded: true, error: null });

    const wrongToken = await t.destination({
      kind: 'JIRA',
      url: jira.origin,
      credential: 'not-the-token-123',
      jira: { email: jira.account.email, projectKey: 'SEC' },
    });
    const failed = await test(wrongToken.id);
    expect(failed.succeeded).toBe(false);
    expect(failed.error).toMatch(/^HTTP 401/);
    expect(failed.error).not.toContain('not-the-token-123');
    const unknownKey = await t.destination({ kind: 'PAGERDUTY', url: pagerDuty.eventsUrl, credential: 'X'.repeat(32) });
    expect((await test(unknownKey.id)).error).toMatch(/^HTTP 400: .*Invalid routing key/);

    const refused = (input: Record<string, unknown>) => failureOf(t.client.request(DESTINATION, { input }));
    expect(await refused({ kind: 'PAGERDUTY' })).toMatch(/^BAD_USER_INPUT: Invalid credential: .*routing/);
    expect(await refused({ kind: 'WEBHOOK', url: slack.webhookUrl })).toMatch(/createWebhookEndpoint/);
    expect(await refused({ kind: 'SLACK', url: 'http://127.0.0.1:1/hooks' })).toMatch(
      /^BAD_USER_INPUT: Invalid url: refused/,
    );
    expect(
      await refused({
        kind: 'JIRA',
        url: jira.origin,
        credential: 'token-123456',
        jira: { email: 'a@b.example', projectKey: 'sec' },
      }),
    ).toMatch(/Invalid jira.projectKey/);
    expect(
      await refused({
        kind: 'PAGERDUTY',
        credential: routingKey,
        url: pagerDuty.eventsUrl,
        eventTypes: ['finding.opened'],
      }),
    ).toMatch(/Invalid eventTypes: .*finding.resolved/);
    expect(await refused({ kind: 'EMAIL', recipients: ['nobody'] })).toMatch(
      /Invalid recipients: not an e-mail address/,
    );
    expect(
      await failureOf(
        t.client.request('mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: slackTest.id }),
      ),
    ).toMatch(/no signing secret/);

    // A new token through an update reaches Jira; the settings stay.
    await t.client.request(
      'mutation ($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { id } }',
      { id: wrongToken.id, input: { credential: jira.account.token } },
    );
    expect(await test(wrongToken.id)).toEqual({ succeeded: true, error: null });
  });
});
