import type { EvaluationChanged, MessageFinding } from '../../outbox/alert-payloads';
import type { HttpResult } from '../webhook-http';
import {
  jiraComment,
  jiraIssueFields,
  jiraSearchJql,
  type JiraSettings,
  type JiraTransition,
  pickTransition,
} from './jira';
import type { Links } from './render';

/** A call to the Jira site: path below it, method, JSON body. */
export type JiraCall = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<HttpResult>;

export interface Ticket {
  id: string;
  externalKey: string | null;
  resolved: boolean;
  createdAt: Date;
}

/** Where the issue of each finding is kept (AlertTicket rows). */
export interface TicketStore {
  find(findingId: string): Promise<Ticket | null>;
  /** The finding's ticket, inserted if there was none; `claimed` when this call inserted it. */
  claim(findingId: string): Promise<{ ticket: Ticket; claimed: boolean }>;
  update(id: string, data: { externalKey?: string; resolved?: boolean }): Promise<void>;
  /** Drops a claim that has no issue yet: the attempt failed, and its retry claims afresh. */
  release(id: string): Promise<void>;
  /** Drops a ticket whose issue is gone from Jira (deleted, or moved out of reach). */
  forget(id: string): Promise<void>;
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d{1,12}$/;
/** A claim younger than this without its issue key is another delivery creating the issue now. */
export const CLAIM_LEASE_MS = 120_000;

const failed = (result: HttpResult, error: string): HttpResult => ({ ...result, error });

function json<T>(result: HttpResult): T | null {
  try {
    return JSON.parse(result.body) as T;
  } catch {
    return null;
  }
}

/**
 * Brings Jira in line with one finding's change: opens its issue once, or comments and moves it
 * when it resolves or reopens. Safe to repeat: the ticket row and the issue's label say what was
 * done already. The result of the last request, or null when there was nothing to do.
 */
export async function syncFinding(
  call: JiraCall,
  tickets: TicketStore,
  settings: JiraSettings,
  f: MessageFinding,
  cluster: EvaluationChanged['cluster'],
  links: Links,
  now = new Date(),
): Promise<HttpResult | null> {
  if (f.event === 'finding.resolved') {
    const ticket = await tickets.find(f.id);
    // Opened before this destination existed, or below its severity: there is no issue to close.
    if (!ticket?.externalKey || ticket.resolved) return null;
    const moved = await move(call, tickets, settings, ticket, f, cluster, links, 'done');
    return moved === GONE ? null : moved;
  }
  const { ticket, claimed } = await tickets.claim(f.id);
  if (ticket.externalKey) {
    if (!ticket.resolved) return null;
    const moved = await move(call, tickets, settings, ticket, f, cluster, links, 'reopen');
    // Its issue was deleted in Jira: the reopened finding gets a new one.
    return moved === GONE ? syncFinding(call, tickets, settings, f, cluster, links, now) : moved;
  }
  if (!claimed && now.getTime() - ticket.createdAt.getTime() < CLAIM_LEASE_MS)
    return {
      statusCode: null,
      error: 'another delivery is opening the issue of this finding; retrying',
      latencyMs: 0,
      body: '',
      retryAfterMs: null,
    };
  // A claim without a key: an earlier attempt may have created the issue and died before saving it.
  const result = await openIssue(call, settings, f, cluster, links);
  if (result.key) await tickets.update(ticket.id, { externalKey: result.key, resolved: false });
  else await tickets.release(ticket.id);
  return result.http;
}

/** Finds the finding's issue by its label, or creates it; the key, when there is one. */
async function openIssue(
  call: JiraCall,
  settings: JiraSettings,
  f: MessageFinding,
  cluster: EvaluationChanged['cluster'],
  links: Links,
): Promise<{ http: HttpResult; key?: string }> {
  const search = await call(
    'GET',
    `rest/api/3/search/jql?${new URLSearchParams({ jql: jiraSearchJql(settings.projectKey, f.id), fields: 'status', maxResults: '1' })}`,
  );
  if (search.error) return { http: search };
  const existing = json<{ issues?: { key?: string }[] }>(search)?.issues?.[0]?.key;
  if (existing !== undefined)
    return ISSUE_KEY.test(existing)
      ? { http: search, key: existing }
      : { http: failed(search, 'Jira answered the search with an unreadable issue key') };
  const created = await call('POST', 'rest/api/3/issue', { fields: jiraIssueFields(f, cluster, settings, links) });
  if (created.error) return { http: created };
  const key = json<{ key?: string }>(created)?.key;
  return key && ISSUE_KEY.test(key)
    ? { http: created, key }
    : { http: failed(created, 'Jira created the issue but answered without a readable key') };
}

/** The issue no longer exists in Jira (someone deleted it). */
const GONE = Symbol('gone');

/** Transition first, then comment: a retry after a failed comment finds no transition left to take. */
async function move(
  call: JiraCall,
  tickets: TicketStore,
  settings: JiraSettings,
  ticket: Ticket,
  f: MessageFinding,
  cluster: EvaluationChanged['cluster'],
  links: Links,
  target: 'done' | 'reopen',
): Promise<HttpResult | typeof GONE> {
  const issue = `rest/api/3/issue/${encodeURIComponent(ticket.externalKey!)}`;
  const listed = await call('GET', `${issue}/transitions`);
  if (listed.statusCode === 404) {
    await tickets.forget(ticket.id);
    return GONE;
  }
  if (listed.error) return listed;
  const transitions = json<{ transitions?: JiraTransition[] }>(listed)?.transitions ?? [];
  const transition = pickTransition(
    transitions,
    target,
    target === 'done' ? settings.doneTransition : settings.reopenTransition,
  );
  // None: the issue is there already, or its workflow has no way; the comment still says what happened.
  if (transition) {
    const moved = await call('POST', `${issue}/transitions`, { transition: { id: transition.id } });
    if (moved.error) return moved;
  }
  const commented = await call('POST', `${issue}/comment`, { body: jiraComment(f, cluster, links) });
  if (commented.error) return commented;
  await tickets.update(ticket.id, { resolved: target === 'done' });
  return commented;
}
