import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { DeliveryStatus } from '../../generated/prisma/enums';
import { MetricsService } from '../../infra/metrics/metrics.service';
import { decrypt } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import { deliveryBody } from '../outbox/alert-payloads';
import { AddressPolicy } from './address-policy';
import { postWebhook, type PostResult } from './webhook-http';
import { WebhooksRepository } from './webhooks.repository';

/** The metric label of an attempt: few values, so that dashboards can alert on them. */
function attemptOutcome(result: PostResult, disabled: string | null): string {
  if (result.error === null) return 'succeeded';
  if (disabled) return 'disabled';
  if (result.error.startsWith('refused:')) return 'refused';
  if (result.error.startsWith('timed out')) return 'timed_out';
  return 'failed';
}

export interface AttemptOutcome extends PostResult {
  status: DeliveryStatus;
}

/** Signs (Standard Webhooks) and sends one delivery attempt, records it, and keeps the endpoint's health. */
@Injectable()
export class WebhookSenderService {
  private readonly logger = new Logger(WebhookSenderService.name);
  readonly policy: AddressPolicy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly audit: AuditRepository,
    private readonly metrics: MetricsService,
  ) {
    this.policy = new AddressPolicy(config.webhooks.allowedHosts, config.webhooks.dnsServers);
  }

  /**
   * One attempt. Throws when it failed and another should follow, so that the queue retries it
   * with backoff. A probe (test ping) is tried once and leaves the endpoint's health alone.
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

    const message = deliveryBody(delivery, delivery.event);
    if (!message) {
      await this.webhooks.abandonDelivery(deliveryId, 'its event is no longer held');
      return null;
    }
    const body = JSON.stringify(message);
    const timestamp = new Date();
    // During a rotation's grace period both secrets sign: receivers on either one verify.
    const secrets = [endpoint.secretCiphertext];
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

    const result = await postWebhook(
      new URL(endpoint.url),
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Kubeward-Webhooks/1',
        'webhook-id': delivery.messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      { policy: this.policy, timeoutMs: this.config.webhooks.timeoutMs },
    );

    const succeeded = result.error === null;
    let disabled: string | null = null;
    if (!options.probe) {
      if (succeeded) await this.webhooks.endpointHealthy(endpoint.id);
      else if (result.statusCode === 410) disabled = 'the receiver answered 410 Gone';
      else {
        const since = await this.webhooks.endpointFailing(endpoint.id, timestamp);
        if (timestamp.getTime() - since.getTime() >= this.config.webhooks.disableAfterMs)
          disabled = `every attempt failed since ${since.toISOString()} (last: ${result.error})`;
      }
    }
    const status: DeliveryStatus = succeeded
      ? 'SUCCEEDED'
      : options.last || options.probe || disabled
        ? 'DEAD'
        : 'FAILED';
    await this.webhooks.recordAttempt(deliveryId, result, status);
    this.metrics.webhookAttempts.inc({ outcome: attemptOutcome(result, disabled) });
    if (disabled) await this.disable(endpoint.organizationId, endpoint.id, disabled);
    this.logger.log(
      {
        deliveryId,
        endpointId: endpoint.id,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error: result.error,
        status,
      },
      succeeded ? 'webhook delivered' : 'webhook attempt failed',
    );
    if (status === 'FAILED') throw new Error(`Delivery ${deliveryId} failed: ${result.error}`);
    return { ...result, status };
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
