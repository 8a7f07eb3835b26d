import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { WebhookEndpoint } from '../../generated/prisma/client';
import type { DeliveryStatus } from '../../generated/prisma/enums';
import { Mailer } from '../../infra/mail/mailer';
import { MetricsService } from '../../infra/metrics/metrics.service';
import { decrypt } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import { deliveryBody, type Message } from '../outbox/alert-payloads';
import { AddressPolicy } from './address-policy';
import { maxFindingsFor, permanentFailure } from './destinations/destination';
import { emailMessage, mailtoRecipients } from './destinations/email';
import { jiraAuthorization, type JiraSettings } from './destinations/jira';
import { type JiraCall, syncFinding } from './destinations/jira-client';
import { pagerDutyEvents } from './destinations/pagerduty';
import { evaluationOf, type Links } from './destinations/render';
import { slackMessage } from './destinations/slack';
import { teamsMessage } from './destinations/teams';
import { httpRequest, type HttpResult, type PostResult } from './webhook-http';
import { WebhooksRepository } from './webhooks.repository';

/** The metric label of an attempt: few values, so that dashboards can alert on them. */
function attemptOutcome(result: PostResult, disabled: string | null): string {
  if (result.error === null) return 'succeeded';
  if (disabled) return 'disabled';
  if (result.statusCode === 429) return 'rate_limited';
  if (result.error.startsWith('refused:')) return 'refused';
  if (result.error.startsWith('timed out')) return 'timed_out';
  return 'failed';
}

export interface AttemptOutcome extends PostResult {
  status: DeliveryStatus;
}

/** The receiver asked us to wait (429 with Retry-After): the job waits this long, without using an attempt. */
export class RateLimited extends Error {
  constructor(readonly delayMs: number) {
    super(`rate limited: retrying in ${Math.round(delayMs / 1000)} s`);
  }
}

/** Longest wait a Retry-After may impose; beyond it the ordinary backoff applies. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;
/** A service API's answer is read this far (error details, an issue's key). */
const API_BODY_BYTES = 64 * 1024;
const USER_AGENT = 'Kubeward-Webhooks/1';

type Endpoint = WebhookEndpoint;
type Delivery = NonNullable<Awaited<ReturnType<WebhooksRepository['loadDelivery']>>>;

/**
 * Sends one delivery attempt to any kind of destination, records it, and keeps the endpoint's
 * health: one engine (claims, retries, log, disabling) whatever the formatter.
 */
@Injectable()
export class WebhookSenderService {
  private readonly logger = new Logger(WebhookSenderService.name);
  readonly policy: AddressPolicy;
  private readonly links: Links;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly audit: AuditRepository,
    private readonly metrics: MetricsService,
    private readonly mailer: Mailer,
  ) {
    this.policy = new AddressPolicy(config.webhooks.allowedHosts, config.webhooks.dnsServers);
    this.links = { console: config.identity.consoleUrl };
  }

  /**
   * One attempt. Throws when it failed and another should follow, so that the queue retries it
   * with backoff (RateLimited: after the receiver's Retry-After). A probe (test message) is tried
   * once and leaves the endpoint's health alone.
   */
  async deliver(deliveryId: string, options: { last: boolean; probe?: boolean }): Promise<AttemptOutcome | null> {
    const delivery = await this.webhooks.loadDelivery(deliveryId);
    if (!delivery) throw new UnrecoverableError(`Delivery ${deliveryId} no longer exists`);
    if (delivery.status === 'SUCCEEDED' || delivery.status === 'DEAD') return null;
    const { endpoint } = delivery;
    if (!endpoint) {
      await this.webhooks.abandonDelivery(deliveryId, 'endpoint deleted');
      return null;
    }
    if (!endpoint.enabled && !options.probe) {
      await this.webhooks.abandonDelivery(
        deliveryId,
        `endpoint disabled: ${endpoint.disabledReason ?? 'by its owner'}`,
      );
      return null;
    }
    const message = deliveryBody(delivery, delivery.event, maxFindingsFor(endpoint.kind));
    if (!message) {
      await this.webhooks.abandonDelivery(deliveryId, 'its event is no longer held');
      return null;
    }

    const timestamp = new Date();
    const result = await this.send(endpoint, delivery, message, timestamp);
    const succeeded = result.error === null;
    const permanent = succeeded ? null : permanentFailure(endpoint.kind, result.statusCode);
    let disabled: string | null = null;
    if (!options.probe) {
      if (succeeded) await this.webhooks.endpointHealthy(endpoint.id);
      else if (permanent?.disable) disabled = permanent.reason;
      else {
        const since = await this.webhooks.endpointFailing(endpoint.id, timestamp);
        if (timestamp.getTime() - since.getTime() >= this.config.webhooks.disableAfterMs)
          disabled = `every attempt failed since ${since.toISOString()} (last: ${result.error})`;
      }
    }
    const status: DeliveryStatus = succeeded
      ? 'SUCCEEDED'
      : options.last || options.probe || disabled || permanent
        ? 'DEAD'
        : 'FAILED';
    const logged = { statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error };
    await this.webhooks.recordAttempt(deliveryId, logged, status);
    this.metrics.webhookAttempts.inc({ outcome: attemptOutcome(result, disabled) });
    if (disabled) await this.disable(endpoint.organizationId, endpoint.id, disabled);
    this.logger.log(
      { deliveryId, endpointId: endpoint.id, kind: endpoint.kind, ...logged, status },
      succeeded ? 'alert delivered' : 'alert attempt failed',
    );
    if (status === 'FAILED') {
      if (result.statusCode === 429 && result.retryAfterMs !== null && result.retryAfterMs <= MAX_RETRY_AFTER_MS)
        throw new RateLimited(Math.max(result.retryAfterMs, 1000));
      throw new Error(`Delivery ${deliveryId} failed: ${result.error}`);
    }
    return { ...logged, status };
  }

  /** The requests of one attempt, by kind; the last one's result (or the first to fail). */
  private async send(endpoint: Endpoint, delivery: Delivery, message: Message, timestamp: Date): Promise<HttpResult> {
    const post = (url: string, payload: unknown) =>
      httpRequest(
        new URL(url),
        JSON.stringify(payload),
        { 'content-type': 'application/json', 'user-agent': USER_AGENT },
        { policy: this.policy, timeoutMs: this.config.webhooks.timeoutMs, readBytes: API_BODY_BYTES },
      );
    const credential = () => decrypt(this.config.security.encryptionKey, endpoint.secretCiphertext!);
    switch (endpoint.kind) {
      case 'WEBHOOK':
        return this.sendWebhook(endpoint, delivery, message, timestamp);
      // Their URL is their credential: it is kept encrypted, and `url` only shows where it points.
      case 'SLACK': {
        const url = credential();
        return redact(await post(url, slackMessage(message, this.links)), url);
      }
      case 'TEAMS': {
        const url = credential();
        return redact(await post(url, teamsMessage(message, this.links)), url);
      }
      case 'PAGERDUTY': {
        const routingKey = credential();
        const events = pagerDutyEvents(message, routingKey, this.links);
        return this.steps(delivery, events.length, async (i) =>
          redact(await post(endpoint.url, events[i]), routingKey),
        );
      }
      case 'JIRA':
        return this.sendJira(endpoint, delivery, message, credential());
      case 'EMAIL':
        return this.sendEmail(endpoint, message);
    }
  }

  /**
   * Runs steps from where the delivery's last attempt stopped, saving progress after each: a
   * retry does not send again what was accepted (PagerDuty deduplicates anyway; Jira comments would not).
   */
  private async steps(delivery: Delivery, count: number, step: (i: number) => Promise<HttpResult | null>) {
    let last: HttpResult = { statusCode: null, error: null, latencyMs: 0, body: '', retryAfterMs: null };
    let latencyMs = 0;
    for (let i = delivery.progress; i < count; i++) {
      const result = await step(i);
      if (result === null) continue;
      latencyMs += result.latencyMs;
      last = { ...result, latencyMs };
      if (result.error !== null) return last;
      await this.webhooks.saveProgress(delivery.id, i + 1);
    }
    return last;
  }

  private sendWebhook(endpoint: Endpoint, delivery: Delivery, message: Message, timestamp: Date) {
    const body = JSON.stringify(message);
    // During a rotation's grace period both secrets sign: receivers on either one verify.
    const secrets = [endpoint.secretCiphertext!];
    if (
      endpoint.previousSecretCiphertext &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > timestamp
    )
      secrets.push(endpoint.previousSecretCiphertext);
    const signature = secrets
      .map((ciphertext) =>
        new Webhook(decrypt(this.config.security.encryptionKey, ciphertext)).sign(delivery.messageId, timestamp, body),
      )
      .join(' ');
    return httpRequest(
      new URL(endpoint.url),
      body,
      {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': delivery.messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      { policy: this.policy, timeoutMs: this.config.webhooks.timeoutMs },
    );
  }

  private async sendJira(endpoint: Endpoint, delivery: Delivery, message: Message, token: string) {
    const settings = endpoint.settings as unknown as JiraSettings;
    const base = new URL(endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
    const headers = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      authorization: jiraAuthorization(settings.email, token),
    };
    const call: JiraCall = async (method, path, payload) =>
      redact(
        await httpRequest(
          new URL(path, base),
          payload === undefined ? null : JSON.stringify(payload),
          payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          { policy: this.policy, timeoutMs: this.config.webhooks.timeoutMs, readBytes: API_BODY_BYTES, method },
        ),
        token,
      );
    const evaluation = evaluationOf(message);
    if (!evaluation) {
      // A test message proves the token and the project; no other message makes issues.
      if (message.type !== 'webhook.test') return noop();
      return call('GET', `rest/api/3/project/${encodeURIComponent(settings.projectKey)}`);
    }
    const tickets = this.webhooks.tickets(endpoint.organizationId, endpoint.id);
    return this.steps(delivery, evaluation.findings.length, (i) =>
      syncFinding(call, tickets, settings, evaluation.findings[i]!, evaluation.cluster, this.links),
    );
  }

  private async sendEmail(endpoint: Endpoint, message: Message): Promise<HttpResult> {
    const started = performance.now();
    const mail = emailMessage(message, this.links);
    try {
      await this.mailer.send({ to: mailtoRecipients(endpoint.url).join(', '), ...mail });
      return { ...noop(), latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      return { ...noop(), error: (err as Error).message, latencyMs: Math.round(performance.now() - started) };
    }
  }

  private async disable(organizationId: string, endpointId: string, reason: string): Promise<void> {
    if (!(await this.webhooks.disableEndpoint(endpointId, reason))) return;
    await this.audit.record({
      organizationId,
      actor: { type: 'SYSTEM' },
      action: 'webhookEndpoint.disable',
      target: { type: 'WebhookEndpoint', id: endpointId },
      details: { reason },
    });
    this.logger.warn({ endpointId, reason }, 'webhook endpoint disabled');
  }
}

const noop = (): HttpResult => ({ statusCode: null, error: null, latencyMs: 0, body: '', retryAfterMs: null });

/**
 * A service's error, with the start of what it said (Slack's `invalid_blocks`, Jira's
 * errorMessages), and never the credential even if a hostile receiver echoes it back.
 */
function redact(result: HttpResult, secret: string): HttpResult {
  if (result.error === null) return result;
  const said = result.body.split(secret).join('[redacted]').replace(/\s+/g, ' ').trim().slice(0, 300);
  return { ...result, error: said ? `${result.error}: ${said}` : result.error };
}
