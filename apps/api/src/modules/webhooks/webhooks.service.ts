import type { Scope } from '../auth/scope';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Prisma } from '../../generated/prisma/client';
import type { DeliveryStatus } from '../../generated/prisma/enums';
import { isUuid } from '../../infra/ids';
import { decrypt, encrypt, newToken } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import type { Principal } from '../auth/principal';
import { CLUSTERS_DELETED } from '../deletions/deletions.repository';
import { ClustersService } from '../clusters/clusters.service';
import { TeamsService } from '../clusters/teams.service';
import type { Tx } from '../../infra/prisma/prisma.service';
import { AddressRefused } from './address-policy';
import { changesOf, redactUrl } from './audit-changes';
import { newMessageId, WebhookDispatcherService } from './webhook-dispatcher.service';
import { deliveryBody, EVENT_TYPES, filterOf, type OutboxEvents } from '../outbox/alert-payloads';
import { WebhookSenderService } from './webhook-sender.service';
import {
  checkLifecycle,
  checkSchedule,
  type Destination,
  type DestinationInput,
  DestinationInvalid,
  endpointFields,
  normaliseDestination,
  sentBody,
} from './destinations/destination';
import type { DestinationKind } from '../../generated/prisma/enums';
import { Mailer } from '../../infra/mail/mailer';
import { WebhookError } from './webhooks.errors';
import { type EndpointFields, WebhooksRepository } from './webhooks.repository';

export type EndpointInput = Partial<EndpointFields> & DestinationInput;

const MAX_DESCRIPTION = 500;
/** Namespaces or teams one destination routes. */
const MAX_ROUTES = 50;
/** A Kubernetes namespace: a DNS-1123 label. */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A destination's checks refused it: an input error naming the field. */
function asInputError<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof DestinationInvalid) throw WebhookError.input(err.field, `${err.message}.`);
    throw err;
  }
}

/** What an endpoint of this team (or the organisation's: null) may see, for the caller. */
const teamScope = (principal: Principal, teamId: string | null): Scope =>
  teamId === null ? principal : { organizationId: principal.organizationId, teamIds: [teamId] };

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly clusters: ClustersService,
    private readonly teams: TeamsService,
    private readonly dispatcher: WebhookDispatcherService,
    private readonly sender: WebhookSenderService,
    private readonly audit: AuditRepository,
    private readonly mailer: Mailer,
  ) {}

  list(scope: Scope) {
    return this.webhooks.listEndpoints(scope);
  }

  /** Creates an endpoint; the signing secret is returned this once and stored encrypted. */
  async create(principal: Principal, input: EndpointInput & { url: string; teamId?: string | null }) {
    const teamId = await this.teams.ownerFor(principal, input.teamId ?? null);
    const fields = endpointFields('WEBHOOK', input.url, input);
    await this.validate(principal, teamId, fields);
    const secret = newToken('whsec');
    const endpoint = await this.webhooks.transaction(async (tx) => {
      const created = await this.webhooks.createEndpoint(
        {
          ...fields,
          teamId,
          organizationId: principal.organizationId,
          secretCiphertext: encrypt(this.config.security.encryptionKey, secret),
        },
        tx,
      );
      const { url, ...rest } = fields;
      await this.record(principal, 'webhookEndpoint.create', created.id, { ...rest, teamId, url: redactUrl(url) }, tx);
      return created;
    });
    return { endpoint, secret };
  }

  /**
   * Creates a Slack, Teams, PagerDuty, Jira or mail destination. Its credential (a chat webhook's
   * URL, a routing key, an API token) is stored encrypted and never shown again.
   */
  async createDestination(
    principal: Principal,
    input: EndpointInput & { kind: DestinationKind; teamId?: string | null },
  ) {
    const destination = this.destination(input.kind, input);
    if (input.kind === 'EMAIL' && !this.mailer.configured)
      throw WebhookError.input('kind', 'this server sends no mail (SMTP_URL is not set); ask its operator.');
    const teamId = await this.teams.ownerFor(principal, input.teamId ?? null);
    const fields = endpointFields(input.kind, destination.target ?? destination.url, input);
    this.kindFields(input.kind, fields);
    await this.validate(principal, teamId, fields, destination.target !== null);
    return this.webhooks.transaction(async (tx) => {
      const created = await this.webhooks.createEndpoint(
        {
          ...fields,
          url: destination.url,
          kind: input.kind,
          settings: destination.settings as Prisma.InputJsonValue,
          teamId,
          organizationId: principal.organizationId,
          secretCiphertext: destination.secret && encrypt(this.config.security.encryptionKey, destination.secret),
        },
        tx,
      );
      const { url, ...rest } = fields;
      await this.record(
        principal,
        'webhookEndpoint.create',
        created.id,
        { ...rest, kind: input.kind, teamId, url: redactUrl(url), settings: destination.settings },
        tx,
      );
      return created;
    });
  }

  /** The kind's own checks, as a GraphQL input error naming the field. */
  private destination(kind: DestinationKind, input: DestinationInput): Destination {
    return asInputError(() => normaliseDestination(kind, input));
  }

  private kindFields(kind: DestinationKind, fields: Pick<EndpointFields, 'eventTypes' | 'schedule'>): void {
    asInputError(() => (checkLifecycle(kind, fields.eventTypes), checkSchedule(kind, fields.schedule)));
  }

  /** Changes what is given; enabling clears why it was disabled and its failure streak. */
  async update(principal: Principal, id: string, input: EndpointInput) {
    const current = await this.owned(principal, id);
    const { recipients, credential, jira, ...rest } = input;
    const given: Record<string, unknown> = Object.fromEntries(
      Object.entries(rest).filter(([, v]) => v !== undefined && v !== null),
    );
    // Where a destination sends, and its credential, change together through its kind's checks.
    const stored: Prisma.WebhookEndpointUpdateInput = {};
    let target: string | undefined = given.url as string | undefined;
    if (current.kind === 'WEBHOOK') {
      if (recipients || credential || jira)
        throw WebhookError.input(
          recipients ? 'recipients' : credential ? 'credential' : 'jira',
          'a webhook takes none.',
        );
    } else if (input.url != null || recipients || credential || jira) {
      const destination = this.destination(current.kind, {
        // Jira's site and PagerDuty's API stay; a chat webhook's URL is only ever given whole.
        url: input.url ?? (current.kind === 'JIRA' || current.kind === 'PAGERDUTY' ? current.url : undefined),
        recipients,
        credential,
        jira: jira ?? (current.kind === 'JIRA' ? (current.settings as DestinationInput['jira']) : undefined),
        ...this.keptCredential(current, input),
      });
      target = destination.target ?? undefined;
      given.url = destination.url;
      stored.settings = destination.settings as Prisma.InputJsonValue;
      if (destination.secret !== null)
        stored.secretCiphertext = encrypt(this.config.security.encryptionKey, destination.secret);
    }
    this.kindFields(current.kind, { ...current, ...given });
    // The host is resolved again only when the URL changes, and only clusters given now are
    // checked: disabling must work whatever DNS says or whichever cluster was deleted since.
    await this.validate(
      principal,
      current.teamId,
      {
        ...current,
        ...given,
        url: target ?? current.url,
        clusterIds: input.clusterIds ?? [],
        teamIds: input.teamIds ?? [],
      },
      target !== undefined,
    );
    // A digest starts from now: turning one on does not gather the past.
    if (given.schedule !== undefined && given.schedule !== 'IMMEDIATE' && given.schedule !== current.schedule)
      stored.digestedUntil = new Date();
    const enabling = input.enabled === true && !current.enabled;
    // Enabling it as it is would send every cluster's alerts where one cluster's were meant to go.
    if (enabling && current.disabledReason === CLUSTERS_DELETED && (input.clusterIds ?? null) === null) {
      throw WebhookError.input(
        'clusterIds',
        'The clusters this endpoint was limited to were deleted: say which clusters it is for ([] for every cluster).',
      );
    }
    const disabling = input.enabled === false && current.enabled;
    return this.webhooks.transaction(async (tx) => {
      const endpoint = await this.webhooks.updateEndpoint(
        id,
        {
          ...given,
          ...stored,
          ...(enabling ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
          ...(disabling ? { disabledReason: 'disabled by its owner', disabledAt: new Date() } : {}),
        },
        tx,
      );
      await this.record(
        principal,
        'webhookEndpoint.update',
        id,
        { changes: changesOf(current, given), ...(credential ? { credentialReplaced: true } : {}) },
        tx,
      );
      return endpoint;
    });
  }

  /**
   * What a partial update of a destination's URL or settings keeps of its credential: the stored
   * one, unless a new one is given. A chat webhook's URL is its credential, so it must be given whole.
   */
  private keptCredential(current: { kind: DestinationKind; secretCiphertext: string | null }, input: EndpointInput) {
    if (input.credential != null || current.secretCiphertext === null) return {};
    if (current.kind !== 'PAGERDUTY' && current.kind !== 'JIRA') return {};
    return { credential: decrypt(this.config.security.encryptionKey, current.secretCiphertext) };
  }

  async delete(principal: Principal, id: string): Promise<boolean> {
    const current = await this.owned(principal, id);
    await this.webhooks.transaction(async (tx) => {
      await this.webhooks.deleteEndpoint(id, tx);
      await this.record(principal, 'webhookEndpoint.delete', id, { url: redactUrl(current.url) }, tx);
    });
    return true;
  }

  /** A new secret; the old one keeps signing beside it for the grace period, then stops. */
  async rotateSecret(principal: Principal, id: string) {
    const current = await this.owned(principal, id);
    if (current.kind !== 'WEBHOOK')
      throw WebhookError.input(
        'id',
        `a ${current.kind} destination has no signing secret (change its credential instead).`,
      );
    const secret = newToken('whsec');
    const previousValidUntil = new Date(Date.now() + this.config.webhooks.secretGraceMs);
    const endpoint = await this.webhooks.transaction(async (tx) => {
      const updated = await this.webhooks.updateEndpoint(
        id,
        {
          secretCiphertext: encrypt(this.config.security.encryptionKey, secret),
          previousSecretCiphertext: current.secretCiphertext,
          previousSecretExpiresAt: previousValidUntil,
        },
        tx,
      );
      await this.record(
        principal,
        'webhookEndpoint.rotateSecret',
        id,
        {
          previousSecretValidUntil: previousValidUntil.toISOString(),
        },
        tx,
      );
      return updated;
    });
    return { endpoint, secret };
  }

  async deliveries(
    scope: Scope,
    endpointId: string,
    limit: number,
    after?: { at: Date; id: string },
    status?: DeliveryStatus,
  ) {
    const endpoint = await this.owned(scope, endpointId);
    const rows = await this.webhooks.deliveriesPage(endpointId, limit, after, status);
    const links = { console: this.config.identity.consoleUrl };
    return rows.map((r) => {
      const message = deliveryBody(r, r.event);
      return { ...r, message, sent: message && sentBody(endpoint.kind, message, links) };
    });
  }

  /** Sends a delivery again, with the same webhook-id (receivers deduplicate on it). */
  async redeliver(principal: Principal, deliveryId: string): Promise<string> {
    const found = isUuid(deliveryId) ? await this.webhooks.findDelivery(principal.organizationId, deliveryId) : null;
    // A team sees the deliveries of its own endpoints only.
    const delivery =
      found && (principal.teamIds === null || principal.teamIds.includes(found.endpoint?.teamId ?? '')) ? found : null;
    if (!delivery) throw new WebhookError('NOT_FOUND', `Webhook delivery ${deliveryId} not found.`);
    if (!delivery.endpoint)
      throw new WebhookError('BAD_USER_INPUT', 'The endpoint of this delivery was deleted.', { field: 'deliveryId' });
    if (!delivery.endpoint.enabled)
      throw new WebhookError('BAD_USER_INPUT', 'The endpoint is disabled; enable it before redelivering.', {
        field: 'deliveryId',
      });
    await this.webhooks.transaction(async (tx) => {
      await this.webhooks.resetDelivery(deliveryId, tx);
      await this.record(principal, 'webhookDelivery.redeliver', deliveryId, undefined, tx);
    });
    await this.dispatcher.enqueuePending();
    return deliveryId;
  }

  /** Sends a signed `webhook.test` now, once, and answers how it went (disabled endpoints too). */
  async test(principal: Principal, endpointId: string) {
    const endpoint = await this.owned(principal, endpointId);
    const event = {
      type: 'webhook.test',
      clusterId: null,
      payload: {
        organization: { id: principal.organizationId },
        endpoint: { id: endpointId },
      } satisfies OutboxEvents['webhook.test'],
    };
    const created = await this.webhooks.createDirectDelivery(
      { organizationId: principal.organizationId, type: event.type, payload: event.payload },
      {
        endpointId,
        messageId: newMessageId(),
        filter: filterOf(endpoint) as unknown as Prisma.InputJsonValue,
        createdAt: new Date(),
      },
    );
    const { deliveryId } = created;
    const outcome = await this.sender.deliver(deliveryId, { last: true, probe: true });
    await this.record(principal, 'webhookEndpoint.test', endpointId, { succeeded: outcome?.error === null });
    return { deliveryId, ...outcome! };
  }

  private async owned(scope: Scope, id: string) {
    const endpoint = isUuid(id) ? await this.webhooks.findEndpoint(scope, id) : null;
    if (!endpoint) throw new WebhookError('NOT_FOUND', `Webhook endpoint ${id} not found.`);
    return endpoint;
  }

  /** Cheap checks first; the URL's host is resolved last. `teamId`: the endpoint's team (null: the organisation's). */
  private async validate(principal: Principal, teamId: string | null, fields: EndpointFields, checkUrl = true) {
    const scope = teamScope(principal, teamId);
    const unknown = fields.eventTypes.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0)
      throw WebhookError.input(
        'eventTypes',
        `Unknown event types: ${unknown.join(', ')} (known: ${EVENT_TYPES.join(', ')}).`,
      );
    if (fields.eventTypes.length === 0) throw WebhookError.input('eventTypes', 'Subscribe to at least one event type.');
    if (fields.description.length > MAX_DESCRIPTION)
      throw WebhookError.input('description', `At most ${MAX_DESCRIPTION} characters.`);
    if (!Number.isInteger(fields.postureDropPoints) || fields.postureDropPoints < 1 || fields.postureDropPoints > 100)
      throw WebhookError.input('postureDropPoints', 'A whole number of points from 1 to 100.');
    if (scope.teamIds !== null && fields.includePlatform)
      throw WebhookError.input('includePlatform', 'A team’s endpoint hears of its clusters only, not of the platform.');
    const badNamespace = fields.namespaces.find((n) => !NAMESPACE.test(n));
    if (badNamespace !== undefined)
      throw WebhookError.input('namespaces', `not a namespace name: ${badNamespace.slice(0, 70)}`);
    if (fields.namespaces.length > MAX_ROUTES)
      throw WebhookError.input('namespaces', `at most ${MAX_ROUTES} namespaces.`);
    if (fields.teamIds.length > 0 && teamId !== null)
      throw WebhookError.input('teamIds', 'a team’s destination hears of its own clusters only.');
    if (fields.teamIds.length > MAX_ROUTES) throw WebhookError.input('teamIds', `at most ${MAX_ROUTES} teams.`);
    for (const id of fields.teamIds) await this.teams.get(principal, id);
    // Another organisation's or team's cluster answers like a missing one.
    for (const id of fields.clusterIds) {
      if (!(await this.clusters.owns(scope, id))) throw new WebhookError('NOT_FOUND', `Cluster ${id} not found.`);
    }
    if (checkUrl) await this.checkUrl(fields.url);
  }

  private async checkUrl(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw WebhookError.invalidUrl('not a URL');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.config.webhooks.allowHttp)) {
      throw WebhookError.invalidUrl(
        url.protocol === 'http:' ? 'plain http is not allowed (https only)' : `unsupported scheme ${url.protocol}`,
      );
    }
    if (url.username || url.password) throw WebhookError.invalidUrl('credentials in the URL are not allowed');
    try {
      await this.sender.policy.check(url.hostname);
    } catch (err) {
      throw WebhookError.invalidUrl(
        err instanceof AddressRefused ? `refused: ${err.message}` : `${url.hostname} does not resolve`,
      );
    }
  }

  /** The audit entry of an action; of a change, in the change's transaction `tx`. */
  private record(principal: Principal, action: string, targetId: string, details?: Record<string, unknown>, tx?: Tx) {
    return this.audit.record(
      {
        organizationId: principal.organizationId,
        actor: principal,
        action,
        target: { type: action.startsWith('webhookDelivery') ? 'WebhookDelivery' : 'WebhookEndpoint', id: targetId },
        details,
      },
      tx,
    );
  }
}
