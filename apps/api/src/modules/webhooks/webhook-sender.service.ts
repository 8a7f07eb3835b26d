import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { decrypt } from '../../infra/secrets';
import { WebhooksRepository } from './webhooks.repository';

/** Signs (Standard Webhooks) and sends one delivery attempt, and records what happened. */
@Injectable()
export class WebhookSenderService {
  private readonly logger = new Logger(WebhookSenderService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
  ) {}

  /** Throws when the attempt failed, so that the queue retries it with backoff. */
  async deliver(deliveryId: string, attempt: number): Promise<void> {
    const delivery = await this.webhooks.loadDelivery(deliveryId);
    if (!delivery) throw new UnrecoverableError(`Delivery ${deliveryId} no longer exists`);
    if (delivery.status === 'SUCCEEDED' || delivery.status === 'DEAD') return;
    const { endpoint } = delivery;
    const body = JSON.stringify(delivery.payload);
    const timestamp = new Date();
    const secret = decrypt(this.config.security.encryptionKey, endpoint.secretCiphertext);
    const signature = new Webhook(secret).sign(delivery.messageId, timestamp, body);

    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kubeward-Webhooks/1',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message;
    }
    const latencyMs = Math.round(performance.now() - started);
    const succeeded = error === null;
    const last = attempt >= this.config.webhooks.maxAttempts;
    await this.webhooks.recordAttempt(
      deliveryId,
      { statusCode, latencyMs, error },
      { status: succeeded ? 'SUCCEEDED' : last ? 'DEAD' : 'FAILED', attempts: attempt },
    );
    this.logger.log(
      { deliveryId, endpointId: endpoint.id, attempt, statusCode, latencyMs, error },
      succeeded ? 'webhook delivered' : 'webhook attempt failed',
    );
    if (!succeeded) throw new Error(`Delivery ${deliveryId} attempt ${attempt} failed: ${error}`);
  }
}
