import { z } from 'zod';
import type { DeliverySchedule, DestinationKind } from '../../../generated/prisma/enums';
import {
  DEFAULT_EVENT_TYPES,
  MAX_FINDINGS_PER_MESSAGE,
  type Message,
  STORED_CHANGES,
} from '../../outbox/alert-payloads';
import type { EndpointFields } from '../webhooks.repository';
import { EMAIL_MAX_RECIPIENTS, emailMessage } from './email';
import { JIRA_PROJECT_KEY, type JiraSettings } from './jira';
import { pagerDutyEvents } from './pagerduty';
import { evaluationOf, type Links } from './render';
import { slackMessage } from './slack';
import { teamsMessage } from './teams';

/** What each kind of destination is, for the rules that differ between them. */

/** Findings a message carries: a pager or tracker acts on each one the event kept; a person reads the first hundred. */
export const maxFindingsFor = (kind: DestinationKind): number =>
  kind === 'PAGERDUTY' || kind === 'JIRA' ? STORED_CHANGES : MAX_FINDINGS_PER_MESSAGE;

/** Whether the kind does anything with this message (a posture drop opens no incident). */
export function actsOn(kind: DestinationKind, message: Message): boolean {
  if (message.type === 'webhook.test') return true;
  const findings = evaluationOf(message)?.findings.length ?? 0;
  // What pagerDutyEvents pages for: findings, and a cluster going quiet or coming back.
  if (kind === 'PAGERDUTY')
    return findings > 0 || message.type === 'cluster.stale' || message.type === 'cluster.recovered';
  if (kind === 'JIRA') return findings > 0;
  return true;
}

/**
 * Why an answer means that retrying cannot help, or null. `disable`: the destination itself is
 * gone or refuses our credentials, so it is disabled instead of failing every message in turn.
 */
export function permanentFailure(
  kind: DestinationKind,
  statusCode: number | null,
): { disable: boolean; reason: string } | null {
  if (statusCode === null) return null;
  if (statusCode === 410) return { disable: true, reason: 'the receiver answered 410 Gone' };
  if (kind === 'WEBHOOK' || kind === 'EMAIL') return null;
  if (statusCode === 401 || statusCode === 403)
    return { disable: true, reason: `the service refused the credentials (HTTP ${statusCode})` };
  if (statusCode === 404 && kind !== 'JIRA')
    return { disable: true, reason: 'the service does not know this URL (HTTP 404): the webhook was removed' };
  // The service read the message and refused it: the same message would be refused again.
  if (statusCode === 400 || statusCode === 413 || statusCode === 422)
    return { disable: false, reason: `the service refused the message (HTTP ${statusCode})` };
  return null;
}

/**
 * A new destination's filter and routes: what was given, else the kind's defaults — pagers and
 * trackers hear of serious findings and of their fixes; the rest of everything that means worse.
 */
export function endpointFields(kind: DestinationKind, url: string, input: Partial<EndpointFields>): EndpointFields {
  const acts = kind === 'PAGERDUTY' || kind === 'JIRA';
  const lifecycle = ['finding.opened', 'finding.reopened', 'finding.resolved'];
  return {
    url,
    description: input.description ?? '',
    eventTypes:
      input.eventTypes ??
      (kind === 'PAGERDUTY'
        ? [...lifecycle, 'cluster.stale', 'cluster.recovered']
        : kind === 'JIRA'
          ? lifecycle
          : DEFAULT_EVENT_TYPES),
    minSeverity: input.minSeverity ?? (acts ? 'HIGH' : 'LOW'),
    clusterIds: input.clusterIds ?? [],
    includePlatform: input.includePlatform ?? false,
    postureDropPoints: input.postureDropPoints ?? 5,
    namespaces: input.namespaces ?? [],
    teamIds: input.teamIds ?? [],
    schedule: input.schedule ?? 'IMMEDIATE',
    enabled: input.enabled ?? true,
  };
}

/** How errors name a destination of each kind. */
const A_DESTINATION: Record<DestinationKind, string> = {
  WEBHOOK: 'a webhook',
  SLACK: 'a Slack destination',
  TEAMS: 'a Teams destination',
  PAGERDUTY: 'a PagerDuty destination',
  JIRA: 'a Jira destination',
  EMAIL: 'an email destination',
};

/** PagerDuty's Events API v2 (the EU account's is events.eu.pagerduty.com). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** What a caller gives for a destination of a kind besides its filter. */
export interface DestinationInput {
  url?: string | null;
  recipients?: string[] | null;
  credential?: string | null;
  jira?: Partial<JiraSettings> | null;
}

/** A destination as stored: `url` is what may be shown; `secret` is encrypted (for Slack and Teams, the URL). */
export interface Destination {
  /** The URL to check against the address policy (null: mail). */
  target: string | null;
  url: string;
  secret: string | null;
  settings: Record<string, unknown>;
}

export class DestinationInvalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const email = z.email();
const bounded = (field: string, value: string | undefined, max: number): string | undefined => {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > max || /[\r\n]/.test(trimmed))
    throw new DestinationInvalid(field, `one line of 1 to ${max} characters`);
  return trimmed;
};

/**
 * Checks what a destination of `kind` needs and nothing it must not have, and returns it as
 * stored. Throws DestinationInvalid naming the field. The URL's address is checked by the caller.
 */
export function normaliseDestination(kind: DestinationKind, input: DestinationInput): Destination {
  const has = (field: keyof DestinationInput) => input[field] !== undefined && input[field] !== null;
  const forbid = (...fields: (keyof DestinationInput)[]) => {
    for (const field of fields)
      if (has(field)) throw new DestinationInvalid(field, `${A_DESTINATION[kind]} takes no ${field}`);
  };
  const need = (field: keyof DestinationInput, what: string) => {
    if (!has(field)) throw new DestinationInvalid(field, `${A_DESTINATION[kind]} needs ${what}`);
  };
  switch (kind) {
    case 'WEBHOOK':
      throw new DestinationInvalid(
        'kind',
        'a signed webhook is created with createWebhookEndpoint, which returns its signing secret',
      );
    case 'SLACK':
    case 'TEAMS': {
      forbid('recipients', 'credential', 'jira');
      need('url', kind === 'SLACK' ? 'its incoming-webhook URL' : 'its workflow webhook URL');
      const url = input.url!.trim();
      return { target: url, url: shownUrl(url), secret: url, settings: {} };
    }
    case 'PAGERDUTY': {
      forbid('recipients', 'jira');
      need('credential', 'the integration (routing) key of an Events API v2 integration');
      const key = input.credential!.trim();
      if (!/^[A-Za-z0-9]{20,64}$/.test(key))
        throw new DestinationInvalid('credential', 'a routing key is 20 to 64 letters and digits');
      const url = input.url?.trim() || PAGERDUTY_EVENTS_URL;
      return { target: url, url, secret: key, settings: {} };
    }
    case 'JIRA': {
      forbid('recipients');
      need('url', 'the site’s URL (https://your-site.atlassian.net)');
      need('credential', 'an API token of the account in jira.email');
      need('jira', 'jira.email and jira.projectKey');
      const token = input.credential!.trim();
      if (token.length < 8 || token.length > 512 || /\s/.test(token))
        throw new DestinationInvalid('credential', 'an API token is 8 to 512 characters without spaces');
      const jira = input.jira!;
      const account = jira.email?.trim() ?? '';
      if (!email.safeParse(account).success)
        throw new DestinationInvalid('jira.email', 'the e-mail address of the account the API token belongs to');
      const projectKey = jira.projectKey?.trim() ?? '';
      if (!JIRA_PROJECT_KEY.test(projectKey))
        throw new DestinationInvalid('jira.projectKey', 'a project key: capital letters, digits and _, e.g. SEC');
      const settings: JiraSettings = {
        email: account,
        projectKey,
        issueType: bounded('jira.issueType', jira.issueType, 60) ?? 'Task',
        ...(jira.doneTransition ? { doneTransition: bounded('jira.doneTransition', jira.doneTransition, 60) } : {}),
        ...(jira.reopenTransition
          ? { reopenTransition: bounded('jira.reopenTransition', jira.reopenTransition, 60) }
          : {}),
      };
      const url = input.url!.trim().replace(/\/+$/, '');
      return { target: url, url, secret: token, settings: { ...settings } };
    }
    case 'EMAIL': {
      forbid('url', 'credential', 'jira');
      need('recipients', 'recipients');
      const recipients = [...new Set(input.recipients!.map((r) => r.trim().toLowerCase()))];
      if (recipients.length === 0 || recipients.length > EMAIL_MAX_RECIPIENTS)
        throw new DestinationInvalid('recipients', `1 to ${EMAIL_MAX_RECIPIENTS} addresses`);
      const bad = recipients.find((r) => !email.safeParse(r).success);
      if (bad !== undefined) throw new DestinationInvalid('recipients', `not an e-mail address: ${bad.slice(0, 100)}`);
      return {
        target: null,
        url: `mailto:${recipients.map(encodeURIComponent).join(',')}`,
        secret: null,
        settings: {},
      };
    }
  }
}

/** A chat webhook's URL as it may be shown: where it points, not the token in its path. */
export function shownUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname === '/' ? '/' : '/…'}`;
  } catch {
    return '(not a URL)';
  }
}

/** Pagers and trackers that open something must hear when to close it. */
export function checkLifecycle(kind: DestinationKind, eventTypes: readonly string[]): void {
  if (kind !== 'PAGERDUTY' && kind !== 'JIRA') return;
  const opens = eventTypes.includes('finding.opened') || eventTypes.includes('finding.reopened');
  if (opens && !eventTypes.includes('finding.resolved'))
    throw new DestinationInvalid(
      'eventTypes',
      `${A_DESTINATION[kind]} that opens ${kind === 'JIRA' ? 'issues' : 'incidents'} must subscribe to finding.resolved too, or they never close`,
    );
}

/** A pager or tracker acts on each finding as it happens: gathering them into a digest would defeat it. */
export function checkSchedule(kind: DestinationKind, schedule: DeliverySchedule): void {
  if (schedule !== 'IMMEDIATE' && (kind === 'PAGERDUTY' || kind === 'JIRA'))
    throw new DestinationInvalid('schedule', `${A_DESTINATION[kind]} delivers each change as it happens (IMMEDIATE)`);
}

/**
 * What a destination is sent for a message, as its delivery log shows it: the body for a webhook,
 * Slack or Teams, the events for PagerDuty (its routing key left out), the mail; for Jira the
 * message its requests are made from (they depend on the issues it holds).
 */
export function sentBody(kind: DestinationKind, message: Message, links: Links): unknown {
  switch (kind) {
    case 'SLACK':
      return slackMessage(message, links);
    case 'TEAMS':
      return teamsMessage(message, links);
    case 'PAGERDUTY':
      return { events: pagerDutyEvents(message, '(routing key)', links) };
    case 'EMAIL':
      return emailMessage(message, links);
    default:
      return message;
  }
}
