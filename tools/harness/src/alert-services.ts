import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { adfProblems, pagerDutyProblems, slackProblems, teamsProblems } from './alert-formats';

/**
 * Local stand-ins for the services alerts go to, answering as each documents: Slack's incoming
 * webhooks, a Teams workflow, PagerDuty's Events API v2 and Jira Cloud's REST API v3. Each checks
 * every request it gets against the service's format (alert-formats) and refuses what the service
 * would refuse, with the service's own status and body; each can be told to rate-limit.
 */

export interface ServiceRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** What was wrong with it; a request with problems was refused. */
  problems: string[];
  status: number;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

abstract class FakeService {
  readonly requests: ServiceRequest[] = [];
  /** The next this-many requests get 429 (with Retry-After when `retryAfterSeconds` is set). */
  rateLimit = { remaining: 0, retryAfterSeconds: null as number | null };
  private readonly waiters = new Set<() => void>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => undefined);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw === '' ? null : JSON.parse(raw);
      } catch {
        // Left as text: the handler refuses it.
      }
      const url = new URL(req.url ?? '/', 'http://service');
      let answer: Answer & { problems?: string[] };
      if (this.rateLimit.remaining > 0) {
        this.rateLimit.remaining--;
        answer = this.throttled();
      } else answer = this.handle(req.method ?? 'GET', url, req.headers, body);
      this.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname + url.search,
        headers: req.headers,
        body,
        problems: answer.problems ?? [],
        status: answer.status,
      });
      const text =
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res
        .writeHead(answer.status, {
          'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
          ...answer.headers,
        })
        .end(text);
      for (const wake of this.waiters) wake();
    });
  });

  constructor(private readonly host = '127.0.0.1') {}

  protected abstract handle(
    method: string,
    url: URL,
    headers: http.IncomingHttpHeaders,
    body: unknown,
  ): Answer & { problems?: string[] };

  protected throttled(): Answer {
    const retry = this.rateLimit.retryAfterSeconds;
    return { status: 429, body: 'rate_limited', headers: retry === null ? {} : { 'retry-after': String(retry) } };
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject).listen(0, this.host, () => resolve());
    });
    return this;
  }

  get origin(): string {
    return `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
  }

  /** Every request accepted that `match` accepts, once there are `count` of them. */
  waitFor(match: (r: ServiceRequest) => boolean, count = 1, timeoutMs = 30_000): Promise<ServiceRequest[]> {
    const found = () => this.requests.filter((r) => r.status < 300 && match(r));
    return new Promise((resolve, reject) => {
      const wake = () => {
        const got = found();
        if (got.length < count) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(got);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`${this.constructor.name}: ${found().length} of ${count} requests within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(wake);
      wake();
    });
  }

  /** Problems of every request received so far (a correct sender leaves this empty). */
  get problems(): string[] {
    return this.requests.flatMap((r) => r.problems.map((p) => `${r.method} ${r.path}: ${p}`));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Slack's incoming webhooks: `ok` as text/plain, or the reason as text with 400 (invalid_blocks…). */
export class FakeSlack extends FakeService {
  readonly path = '/services/T0KUBEWARD/B0ALERTS/s3cr3tT0kenInTheUrl';

  get webhookUrl(): string {
    return `${this.origin}${this.path}`;
  }

  protected handle(method: string, url: URL, _h: http.IncomingHttpHeaders, body: unknown) {
    if (method !== 'POST' || url.pathname !== this.path) return { status: 404, body: 'no_service' };
    if (typeof body !== 'object' || body === null)
      return { status: 400, body: 'invalid_payload', problems: ['not JSON'] };
    const problems = slackProblems(body);
    return problems.length > 0 ? { status: 400, body: 'invalid_blocks', problems } : { status: 200, body: 'ok' };
  }
}

/** A Teams "When a Teams webhook request is received" workflow: 202 once it takes the card. */
export class FakeTeams extends FakeService {
  readonly path = '/workflows/8c3f/triggers/manual/paths/invoke';

  get webhookUrl(): string {
    return `${this.origin}${this.path}?api-version=1&sig=s3cr3tSignature`;
  }

  protected handle(method: string, url: URL, _h: http.IncomingHttpHeaders, body: unknown) {
    if (method !== 'POST' || url.pathname !== this.path) return { status: 404, body: { error: { code: 'NotFound' } } };
    const problems = teamsProblems(body);
    return problems.length > 0
      ? { status: 400, body: { error: { code: 'InvalidRequestContent', message: problems[0] } }, problems }
      : { status: 202 };
  }
}

export interface PagerDutyAlert {
  dedupKey: string;
  status: 'triggered' | 'resolved';
  /** Times a trigger for it was taken (PagerDuty folds repeats into the open alert). */
  triggers: number;
  summary: string;
  severity: string;
}

/** PagerDuty's Events API v2: 202 with the dedup key; alerts kept by dedup key as PagerDuty keeps them. */
export class FakePagerDuty extends FakeService {
  readonly alerts = new Map<string, PagerDutyAlert>();
  /** Routing keys of integrations that exist. */
  readonly routingKeys = new Set<string>();

  get eventsUrl(): string {
    return `${this.origin}/v2/enqueue`;
  }

  /** PagerDuty throttles without Retry-After. */
  protected override throttled(): Answer {
    return {
      status: 429,
      body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' },
    };
  }

  protected handle(method: string, url: URL, _h: http.IncomingHttpHeaders, body: unknown) {
    if (method !== 'POST' || url.pathname !== '/v2/enqueue') return { status: 404, body: { message: 'Not Found' } };
    const problems = pagerDutyProblems(body);
    if (problems.length > 0)
      return {
        status: 400,
        body: { status: 'invalid event', message: 'Event object is invalid', errors: problems },
        problems,
      };
    const event = body as {
      routing_key: string;
      event_action: string;
      dedup_key?: string;
      payload?: { summary: string; severity: string };
    };
    if (!this.routingKeys.has(event.routing_key))
      return {
        status: 400,
        body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] },
      };
    const dedupKey = event.dedup_key ?? `generated-${this.requests.length}`;
    const alert = this.alerts.get(dedupKey);
    if (event.event_action === 'trigger') {
      if (alert && alert.status === 'triggered') alert.triggers++;
      else
        this.alerts.set(dedupKey, {
          dedupKey,
          status: 'triggered',
          triggers: (alert?.triggers ?? 0) + 1,
          summary: event.payload!.summary,
          severity: event.payload!.severity,
        });
    } else if (event.event_action === 'resolve' && alert) alert.status = 'resolved';
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey } };
  }
}

export interface JiraIssue {
  key: string;
  fields: {
    summary: string;
    labels: string[];
    description: unknown;
    project: { key: string };
    issuetype: { name: string };
  };
  status: 'To Do' | 'In Progress' | 'Done';
  comments: unknown[];
}

const CATEGORY = { 'To Do': 'new', 'In Progress': 'indeterminate', Done: 'done' } as const;
/** The default Jira Software workflow: to do → in progress → done, and done → reopened (to do). */
const TRANSITIONS = [
  { id: '11', name: 'To Do', to: 'To Do' },
  { id: '21', name: 'In Progress', to: 'In Progress' },
  { id: '31', name: 'Done', to: 'Done' },
  { id: '41', name: 'Reopen', to: 'To Do' },
] as const;

/** Jira Cloud's REST API v3, for one project and one account (basic auth with an API token). */
export class FakeJira extends FakeService {
  readonly issues = new Map<string, JiraIssue>();
  private next = 1;

  constructor(
    readonly account: { email: string; token: string; projectKey: string },
    host?: string,
  ) {
    super(host);
  }

  protected override throttled(): Answer {
    const retry = this.rateLimit.retryAfterSeconds;
    return {
      status: 429,
      body: { errorMessages: ['Rate limit exceeded.'] },
      headers: retry === null ? {} : { 'retry-after': String(retry) },
    };
  }

  protected handle(method: string, url: URL, headers: http.IncomingHttpHeaders, body: unknown) {
    const expected = `Basic ${Buffer.from(`${this.account.email}:${this.account.token}`).toString('base64')}`;
    if (headers.authorization !== expected)
      return { status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'] } };
    const path = url.pathname;
    const issuePath = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)(\/transitions|\/comment)?$/.exec(path);
    if (method === 'GET' && path === `/rest/api/3/project/${this.account.projectKey}`)
      return { status: 200, body: { key: this.account.projectKey, name: 'Security' } };
    if (method === 'GET' && path === '/rest/api/3/search/jql') {
      const jql = url.searchParams.get('jql') ?? '';
      const label = /labels = "([^"]+)"/.exec(jql)?.[1];
      if (!label)
        return { status: 400, body: { errorMessages: ['Error in the JQL Query'] }, problems: [`unread JQL ${jql}`] };
      const issues = [...this.issues.values()].filter((i) => i.fields.labels.includes(label));
      return {
        status: 200,
        body: {
          issues: issues.map((i) => ({ id: i.key, key: i.key, fields: { status: { name: i.status } } })),
          isLast: true,
        },
      };
    }
    if (method === 'POST' && path === '/rest/api/3/issue') return this.create(body);
    if (!issuePath) return { status: 404, body: { errorMessages: ['Not found'] } };
    const issue = this.issues.get(issuePath[1]!);
    if (!issue)
      return {
        status: 404,
        body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] },
      };
    if (method === 'GET' && issuePath[2] === '/transitions')
      return {
        status: 200,
        body: {
          transitions: TRANSITIONS.filter(
            (t) => t.to !== issue.status && (t.name !== 'Reopen' || issue.status === 'Done'),
          ).map((t) => ({
            id: t.id,
            name: t.name,
            to: { name: t.to, statusCategory: { key: CATEGORY[t.to] } },
          })),
        },
      };
    if (method === 'POST' && issuePath[2] === '/transitions') {
      const id = (body as { transition?: { id?: string } })?.transition?.id;
      const t = TRANSITIONS.find((x) => x.id === id && x.to !== issue.status);
      if (!t)
        return {
          status: 400,
          body: { errorMessages: [`Transition id '${id}' is not valid for this issue.`] },
          problems: ['bad transition'],
        };
      issue.status = t.to;
      return { status: 204 };
    }
    if (method === 'POST' && issuePath[2] === '/comment') {
      const problems = adfProblems((body as { body?: unknown })?.body);
      if (problems.length > 0) return { status: 400, body: { errorMessages: ['Comment body is not valid'] }, problems };
      issue.comments.push((body as { body: unknown }).body);
      return { status: 201, body: { id: String(issue.comments.length) } };
    }
    return { status: 405, body: { errorMessages: ['Method not allowed'] } };
  }

  private create(body: unknown): Answer & { problems?: string[] } {
    const fields = (body as { fields?: JiraIssue['fields'] })?.fields;
    const problems: string[] = [];
    if (!fields) problems.push('no fields');
    else {
      if (fields.project?.key !== this.account.projectKey) problems.push(`project ${fields.project?.key}`);
      if (typeof fields.issuetype?.name !== 'string') problems.push('no issue type');
      if (
        typeof fields.summary !== 'string' ||
        fields.summary.length === 0 ||
        fields.summary.length > 255 ||
        /[\r\n]/.test(fields.summary)
      )
        problems.push('summary must be one line of 1 to 255 characters');
      if (
        !Array.isArray(fields.labels) ||
        fields.labels.some((l) => typeof l !== 'string' || /\s/.test(l) || l.length > 255)
      )
        problems.push('labels must be strings without spaces');
      problems.push(...adfProblems(fields.description).map((p) => `description ${p}`));
    }
    if (problems.length > 0)
      return { status: 400, body: { errorMessages: [], errors: { fields: problems.join('; ') } }, problems };
    const key = `${this.account.projectKey}-${this.next++}`;
    this.issues.set(key, { key, fields: fields!, status: 'To Do', comments: [] });
    return {
      status: 201,
      body: { id: String(this.next + 10_000), key, self: `${this.origin}/rest/api/3/issue/${key}` },
    };
  }
}
