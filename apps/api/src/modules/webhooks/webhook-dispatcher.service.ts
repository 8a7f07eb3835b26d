import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Prisma } from '../../generated/prisma/client';
import { DELIVER_QUEUE, type DeliverJob, unknownJobs } from '../../infra/queue/queues';
import { messageForEndpoint } from './webhook-payloads';
import { WebhooksRepository } from './webhooks.repository';

/** The Standard Webhooks message id: fixed when the delivery row is written, kept across retries. */
export const newMessageId = (): string => `msg_${randomBytes(16).toString('hex')}`;

const deliveryJobId = (deliveryId: string, enqueuedAt: Date): string => `${deliveryId}-${enqueuedAt.getTime()}`;

/**
 * Turns outbox events into delivery rows (one per matching endpoint) and delivery rows into
 * queued jobs. Both steps are idempotent, so the reconciler may run them at any time.
 */
@Injectable()
export class WebhookDispatcherService {
  private readonly logger = new Logger(WebhookDispatcherService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(DELIVER_QUEUE) private readonly queue: Queue<DeliverJob>,
    private readonly webhooks: WebhooksRepository,
  ) {}

  /** Fans out a batch of outbox events this dispatcher claimed, then queues pending deliveries; the events dispatched. */
  async dispatch(): Promise<number> {
    const now = new Date();
    const dispatched = await this.webhooks.dispatchEvents(100, (event, endpoints) =>
      endpoints.flatMap((endpoint) => {
        const message = messageForEndpoint(event, endpoint, now);
        return message
          ? [
              {
                endpointId: endpoint.id,
                messageId: newMessageId(),
                payload: message as unknown as Prisma.InputJsonValue,
              },
            ]
          : [];
      }),
    );
    await this.enqueuePending();
    return dispatched;
  }

  async enqueuePending(): Promise<void> {
    for (const { id } of await this.webhooks.unqueuedDeliveries(500)) {
      // Claim the row first: of two dispatchers racing, one queues it. A crash between claim and
      // queue leaves a claimed row without a job, which requeueLost finds.
      const at = new Date();
      if (!(await this.webhooks.markEnqueued(id, at))) continue;
      try {
        // One job per round of attempts, named by when it was queued: the row says which job to
        // look for, and a redelivery never collides with a kept failed job.
        await this.queue.add(
          'deliver',
          { deliveryId: id },
          {
            jobId: deliveryJobId(id, at),
            attempts: this.config.webhooks.maxAttempts,
            backoff: { type: 'exponential', delay: this.config.webhooks.retryBaseMs, jitter: 0.3 },
            removeOnComplete: { age: 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        );
      } catch (err) {
        await this.webhooks.unmarkEnqueued(id, at);
        this.logger.warn({ deliveryId: id, err: (err as Error).message }, 'could not enqueue delivery; will retry');
      }
    }
  }

  /**
   * Deliveries still to be sent whose job Redis no longer has (restarted without its data): back
   * to unqueued, so that enqueuePending sends them again (same webhook-id).
   */
  async requeueLost(graceMs = 5_000, limit = 500): Promise<number> {
    const queued = await this.webhooks.queuedDeliveries(new Date(Date.now() - graceMs), limit);
    const unknown = new Set(
      await unknownJobs(
        this.queue,
        queued.map((d) => deliveryJobId(d.id, d.enqueuedAt)),
      ),
    );
    let lost = 0;
    for (const d of queued) {
      if (!unknown.has(deliveryJobId(d.id, d.enqueuedAt))) continue;
      await this.webhooks.unmarkEnqueued(d.id, d.enqueuedAt);
      lost++;
    }
    if (lost > 0) {
      this.logger.warn({ lost }, 'webhook deliveries lost from the queue; queueing them again');
      await this.enqueuePending();
    }
    return lost;
  }
}
