import { adfProblems, pagerDutyProblems, slackProblems, teamsProblems } from '@kubeward/harness';
import { describe, expect, it } from 'vitest';
import {
  type EndpointFilter,
  evaluationEvent,
  type LifecycleChange,
  type Message,
  messageForEndpoint,
  STORED_CHANGES,
} from '../../outbox/alert-payloads';
import {
  actsOn,
  checkLifecycle,
  DestinationInvalid,
  normaliseDestination,
  permanentFailure,
  shownUrl,
} from './destination';
import { emailMessage, mailtoRecipients } from './email';
import { jiraComment, jiraIssueFields, jiraSearchJql, pickTransition } from './jira';
import { pagerDutyEvents } from './pagerduty';
import { slackMessage } from './slack';
import { TEAMS_MAX_BYTES, teamsMessage } from './teams';

const links = { console: 'https://kubeward.example.com' };
const at = new Date('2026-12-01T10:00:00.000Z');
const everything: EndpointFilter = {
  eventTypes: ['finding.opened', 'finding.reopened', 'finding.resolved', 'posture.degraded', 'control.regressed'],
  minSeverity: 'LOW',
  includePlatform: true,
  clusterIds: [],
  postureDropPoints: 1,
};

const change = (
  event: LifecycleChange['event'],
  i: number,
  overrides: { name?: string; message?: string; severity?: LifecycleChange['finding']['severity'] } = {},
): LifecycleChange => ({
  event,
  findingId: `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  finding: {
    ruleId: 'privileged-container',
    severity: overrides.severity ?? 'CRITICAL',
    resource: { kind: 'Deployment', namespace: 'shop', name: overrides.name ?? `app-${i}` },
    container: 'main',
    message: overrides.message ?? `app-${i} runs privileged`,
    paths: ['spec.template.spec.containers[0].securityContext.privileged'],
    platform: false,
    fingerprint: `fp${i}`,
  },
  ...(event === 'finding.resolved' ? { reason: 'FIXED' as const } : {}),
});

const evaluation = (changes: LifecycleChange[], filter = everything, maxFindings?: number): Message =>
  messageForEndpoint(
    {
      type: 'evaluation',
      clusterId: 'c1',
      payload: evaluationEvent({
        organization: { id: 'org' },
        cluster: { id: 'c1', name: 'prod-eu' },
        evaluation: { id: 'e1', score: 60, previousScore: 80, collectedAt: at.toISOString() },
        changes,
      }),
    },
    filter,
    at,
    maxFindings,
  )!;

const other = (type: string, payload: object): Message =>
  messageForEndpoint({ type, clusterId: 'c1', payload }, { ...everything, eventTypes: [type] }, at)!;

// A cluster's names are the attacker's: markup, mentions, newlines and very long strings.
const hostile = '<!channel> <https://evil.example|click> *bold* & [link](https://evil.example)\nSubject: x';
const storm = Array.from({ length: 300 }, (_, i) =>
  change('finding.opened', i, { name: `${hostile}-${'x'.repeat(200)}-${i}`, message: 'm'.repeat(5000) }),
);

describe('Slack', () => {
  it('keeps every Block Kit limit in a storm of hostile names, and counts what it leaves out', () => {
    const slack = slackMessage(evaluation(storm), links);
    expect(slackProblems(slack)).toEqual([]);
    const text = JSON.stringify(slack);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('and 280 more');
    expect(slack.text).toBe('prod-eu: 300 findings opened, score down 20 points');
  });

  it('links findings and the cluster to the console, and works without it', () => {
    const message = evaluation([change('finding.opened', 1), change('finding.resolved', 2, { severity: 'HIGH' })]);
    const linked = JSON.stringify(slackMessage(message, links));
    expect(linked).toContain('https://kubeward.example.com/findings/0190f000-0000-7000-8000-000000000001');
    expect(linked).toContain('https://kubeward.example.com/clusters/c1');
    const bare = slackMessage(message, {});
    expect(slackProblems(bare)).toEqual([]);
    expect(JSON.stringify(bare)).not.toContain('https://');
  });

  it('renders every other message type within the limits', () => {
    for (const m of [
      other('cluster.stale', {
        organization: { id: 'o' },
        cluster: { id: 'c1', name: hostile },
        lastSeenAt: null,
        staleAfterMinutes: 15,
      }),
      other('cluster.recovered', {
        organization: { id: 'o' },
        cluster: { id: 'c1', name: 'prod' },
        staleSince: at.toISOString(),
        lastSeenAt: at.toISOString(),
      }),
      other('webhook.test', { organization: { id: 'o' }, endpoint: { id: 'e' } }),
    ])
      expect(slackProblems(slackMessage(m, links))).toEqual([]);
  });
});

describe('Teams', () => {
  it('sends one Adaptive Card that the reference parser reads, under 28 KB even in a storm', () => {
    const teams = teamsMessage(evaluation(storm), links);
    expect(teamsProblems(teams)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(teams))).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    // Hostile text travels only as TextRun text, which Teams never reads as Markdown.
    const card = teams.attachments[0]!.content;
    expect(JSON.stringify(card)).not.toMatch(/"type":"TextBlock"/);
    expect(JSON.stringify(card)).toContain('more in Kubeward');
  });
});

describe('PagerDuty', () => {
  const message = evaluation([
    change('finding.opened', 1),
    change('finding.reopened', 2, { severity: 'HIGH' }),
    change('finding.resolved', 3, { severity: 'MEDIUM' }),
  ]);

  it('triggers opened and reopened findings and resolves fixed ones, keyed by cluster and fingerprint', () => {
    const events = pagerDutyEvents(message, 'R'.repeat(32), links);
    for (const e of events) expect(pagerDutyProblems(e)).toEqual([]);
    expect(events.map((e) => [e.event_action, e.dedup_key, e.payload?.severity])).toEqual([
      ['trigger', 'kubeward/c1/fp1', 'critical'],
      ['trigger', 'kubeward/c1/fp2', 'error'],
      ['resolve', 'kubeward/c1/fp3', undefined],
    ]);
    expect(events[0]!.links).toEqual([
      {
        href: 'https://kubeward.example.com/findings/0190f000-0000-7000-8000-000000000001',
        text: 'The finding in Kubeward',
      },
    ]);
  });

  it('pages for a stale cluster and resolves it on recovery; posture alone pages nobody', () => {
    const staleMessage = other('cluster.stale', {
      organization: { id: 'o' },
      cluster: { id: 'c1', name: 'prod' },
      lastSeenAt: null,
      staleAfterMinutes: 15,
    });
    const recoveredMessage = other('cluster.recovered', {
      organization: { id: 'o' },
      cluster: { id: 'c1', name: 'prod' },
      staleSince: at.toISOString(),
      lastSeenAt: at.toISOString(),
    });
    const stale = pagerDutyEvents(staleMessage, 'R'.repeat(32), links);
    const recovered = pagerDutyEvents(recoveredMessage, 'R'.repeat(32), links);
    for (const e of [...stale, ...recovered]) expect(pagerDutyProblems(e)).toEqual([]);
    expect(stale[0]!.dedup_key).toBe(recovered[0]!.dedup_key);
    expect(recovered[0]!.event_action).toBe('resolve');
    const postureOnly = evaluation([], { ...everything, eventTypes: ['posture.degraded'] });
    expect(actsOn('PAGERDUTY', postureOnly)).toBe(false);
    // actsOn says without building them whether there would be events.
    for (const m of [postureOnly, message, staleMessage, recoveredMessage])
      expect(actsOn('PAGERDUTY', m)).toBe(pagerDutyEvents(m, 'k', links).length > 0);
    const exception = other('exception.expired', {
      organization: { id: 'o' },
      exception: {
        id: 'x',
        clusterId: null,
        ruleId: null,
        namespace: null,
        resourceKind: null,
        resourceName: null,
        reason: 'r',
        owner: 'o',
        expiresAt: at.toISOString(),
      },
    });
    expect(actsOn('PAGERDUTY', exception)).toBe(false);
    expect(pagerDutyEvents(exception, 'k', links)).toEqual([]);
    expect(actsOn('SLACK', postureOnly)).toBe(true);
  });

  it('carries every finding the event kept: a pager acts on each', () => {
    const many = evaluation(storm, everything, STORED_CHANGES);
    expect(pagerDutyEvents(many, 'R'.repeat(32), links)).toHaveLength(300);
    for (const e of pagerDutyEvents(many, 'R'.repeat(32), links)) expect(pagerDutyProblems(e)).toEqual([]);
  });
});

describe('Jira', () => {
  const settings = { email: 'sec@acme.example', projectKey: 'SEC', issueType: 'Bug' };
  const f = (evaluation(storm).data.findings as never[])[0]!;

  it('files an issue whose description is valid Atlassian Document Format, with a one-line summary', () => {
    const fields = jiraIssueFields(f, { id: 'c1', name: 'prod-eu' }, settings, links);
    expect(adfProblems(fields.description)).toEqual([]);
    expect(String(fields.summary).length).toBeLessThanOrEqual(255);
    expect(fields.summary).not.toMatch(/\n/);
    expect(fields.labels).toEqual(['kubeward', 'kubeward-0190f000-0000-7000-8000-000000000000']);
    expect(fields).toMatchObject({ project: { key: 'SEC' }, issuetype: { name: 'Bug' } });
    // Without a console, still valid (no empty link text).
    expect(adfProblems(jiraIssueFields(f, { id: 'c1', name: 'x' }, settings, {}).description)).toEqual([]);
  });

  it('comments valid ADF when a finding resolves or reopens', () => {
    const [resolved, reopened] = evaluation([change('finding.resolved', 1), change('finding.reopened', 2)]).data
      .findings as never[];
    for (const finding of [resolved!, reopened!])
      for (const l of [links, {}]) expect(adfProblems(jiraComment(finding, { id: 'c1', name: 'prod' }, l))).toEqual([]);
  });

  it('searches by the finding’s label in its project', () => {
    expect(jiraSearchJql('SEC', 'abc')).toBe('project = "SEC" AND labels = "kubeward-abc" ORDER BY created ASC');
  });

  it('picks the configured transition by name or target status, else the first into the category', () => {
    const transitions = [
      { id: '21', name: 'Start', to: { name: 'In Progress', statusCategory: { key: 'indeterminate' } } },
      { id: '31', name: 'Close', to: { name: 'Done', statusCategory: { key: 'done' } } },
      { id: '41', name: 'Reopen', to: { name: 'To Do', statusCategory: { key: 'new' } } },
    ];
    expect(pickTransition(transitions, 'done')?.id).toBe('31');
    expect(pickTransition(transitions, 'reopen')?.id).toBe('41');
    expect(pickTransition(transitions, 'done', 'start')?.id).toBe('21');
    expect(pickTransition(transitions, 'done', 'in progress')?.id).toBe('21');
    expect(pickTransition(transitions, 'done', 'Resolve')).toBeNull();
    expect(pickTransition([transitions[0]!], 'done')).toBeNull();
  });
});

describe('email', () => {
  it('has a one-line subject and lists findings with their links', () => {
    const mail = emailMessage(evaluation(storm.slice(0, 3)), links);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.startsWith('[Kubeward] prod-eu: 3 findings opened')).toBe(true);
    expect(mail.text).toContain('https://kubeward.example.com/findings/0190f000-0000-7000-8000-000000000002');
    expect(mailtoRecipients('mailto:a%40x.example,b@y.example')).toEqual(['a@x.example', 'b@y.example']);
  });
});

describe('destination settings', () => {
  const invalid = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof DestinationInvalid) return `${err.field}: ${err.message}`;
      throw err;
    }
    throw new Error('accepted');
  };

  it('keeps a chat webhook’s URL as its secret and shows only where it points', () => {
    const d = normaliseDestination('SLACK', { url: 'https://hooks.slack.com/services/T1/B2/secret' });
    expect(d).toMatchObject({
      url: 'https://hooks.slack.com/…',
      secret: 'https://hooks.slack.com/services/T1/B2/secret',
    });
    expect(shownUrl('nonsense')).toBe('(not a URL)');
  });

  it('names what each kind is missing or must not have', () => {
    expect(invalid(() => normaliseDestination('SLACK', {}))).toMatch(/^url: /);
    expect(invalid(() => normaliseDestination('TEAMS', { url: 'https://x', credential: 'k' }))).toMatch(
      /^credential: /,
    );
    expect(invalid(() => normaliseDestination('PAGERDUTY', { credential: 'short' }))).toMatch(/^credential: /);
    expect(invalid(() => normaliseDestination('WEBHOOK', { url: 'https://x' }))).toMatch(
      /^kind: .*createWebhookEndpoint/,
    );
    const jira = { url: 'https://acme.atlassian.net', credential: 'token-123456' };
    expect(invalid(() => normaliseDestination('JIRA', jira))).toMatch(/^jira: /);
    expect(invalid(() => normaliseDestination('JIRA', { ...jira, jira: { email: 'x', projectKey: 'SEC' } }))).toMatch(
      /^jira.email: /,
    );
    expect(
      invalid(() =>
        normaliseDestination('JIRA', { ...jira, jira: { email: 'a@b.example', projectKey: 'sec" OR 1=1' } }),
      ),
    ).toMatch(/^jira.projectKey: /);
    expect(
      invalid(() =>
        normaliseDestination('JIRA', { ...jira, jira: { email: 'a@b.example', projectKey: 'SEC', issueType: 'a\nb' } }),
      ),
    ).toMatch(/^jira.issueType: /);
    expect(invalid(() => normaliseDestination('EMAIL', { recipients: ['ok@x.example', 'not mail'] }))).toBe(
      'recipients: not an e-mail address: not mail',
    );
    expect(
      invalid(() =>
        normaliseDestination('EMAIL', { recipients: Array.from({ length: 11 }, (_, i) => `${i}@x.example`) }),
      ),
    ).toMatch(/^recipients: 1 to 10/);
  });

  it('stores Jira settings without the token, and mail as a mailto: URI', () => {
    const d = normaliseDestination('JIRA', {
      url: 'https://acme.atlassian.net/',
      credential: ' token-123456 ',
      jira: { email: 'sec@acme.example', projectKey: 'SEC' },
    });
    expect(d).toEqual({
      target: 'https://acme.atlassian.net',
      url: 'https://acme.atlassian.net',
      secret: 'token-123456',
      settings: { email: 'sec@acme.example', projectKey: 'SEC', issueType: 'Task' },
    });
    expect(normaliseDestination('EMAIL', { recipients: ['A@x.example', 'a@x.example', 'b@y.example'] }).url).toBe(
      'mailto:a%40x.example,b%40y.example',
    );
  });

  it('refuses a pager that opens incidents it would never close', () => {
    expect(invalid(() => checkLifecycle('PAGERDUTY', ['finding.opened']))).toMatch(/^eventTypes: .*finding.resolved/);
    expect(() => checkLifecycle('PAGERDUTY', ['finding.opened', 'finding.resolved'])).not.toThrow();
    expect(() => checkLifecycle('SLACK', ['finding.opened'])).not.toThrow();
  });

  it('gives up at once on answers that retrying cannot change, and disables dead destinations', () => {
    expect(permanentFailure('WEBHOOK', 410)).toMatchObject({ disable: true });
    expect(permanentFailure('WEBHOOK', 404)).toBeNull();
    expect(permanentFailure('SLACK', 404)).toMatchObject({ disable: true });
    expect(permanentFailure('JIRA', 401)).toMatchObject({ disable: true });
    expect(permanentFailure('JIRA', 404)).toBeNull();
    expect(permanentFailure('SLACK', 400)).toMatchObject({ disable: false });
    expect(permanentFailure('PAGERDUTY', 429)).toBeNull();
    expect(permanentFailure('PAGERDUTY', 500)).toBeNull();
  });
});
