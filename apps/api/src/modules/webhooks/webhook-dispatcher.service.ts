import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Prisma } from '../../generated/prisma/client';
import { DELIVER_QUEUE, type DeliverJob, unknownJobs } from '../../infra/queue/queues';
import { filterOf, messageForEndpoint } from '../outbox/alert-payloads';
import { actsOn } from './destinations/destination';
import { WebhooksRepository } from './webhooks.repository';

/** The Standard Webhooks message id: fixed when the delivery row is written, kept across retries. */
export const newMessageId = (): string => `msg_${randomBytes(16).toString('hex')}`;

/** Deliveries claimed per statement. */
const CLAIM_BATCH = 500;

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
        // A digest's endpoint hears of it when its period ends (DigestService).
        if (endpoint.schedule !== 'IMMEDIATE') return [];
        // A delivery only where there is something to send; its body is rendered again when sent (deliveryBody).
        // Whether there are findings does not depend on how many a message carries: the default will do.
        const message = messageForEndpoint(event, endpoint, now);
        return message && actsOn(endpoint.kind, message)
          ? [
              {
                endpointId: endpoint.id,
                messageId: newMessageId(),
                filter: filterOf(endpoint) as unknown as Prisma.InputJsonValue,
                createdAt: now,
              },
            ]
          : [];
      }),
    );
    await this.enqueuePending();
    return dispatched;
  }

  async enqueuePending(): Promise<void> {
    // Claimed first, in batches: of two dispatchers racing, one queues each. A crash between claim
    // and queue leaves claimed rows without a job, which requeueLost finds.
    // A row the queue refused goes back unclaimed and waits for the next run, not this loop.
    for (let more = true; more;) {
      const at = new Date();
      const ids = await this.webhooks.claimUnqueued(CLAIM_BATCH, at);
      more = ids.length === CLAIM_BATCH;
      for (const { id } of ids) more = (await this.enqueueClaimed(id, at)) && more;
    }
  }

  /** Queues a claimed delivery; false (and unclaimed again) when the queue refused it. */
  private async enqueueClaimed(id: string, at: Date): Promise<boolean> {
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
      return true;
    } catch (err) {
      await this.webhooks.unmarkEnqueued(id, at);
      this.logger.warn({ deliveryId: id, err: (err as Error).message }, 'could not enqueue delivery; will retry');
      return false;
    }
  }

  /**
   * Deliveries still to be sent whose job Redis no longer has (restarted without its data): back
   * to unqueued, so that enqueuePending sends them again (same webhook-id).
   */
  async requeueLost(graceMs = 5_000, page = 500): Promise<number> {
    // Every queued delivery, page by page: those waiting out a long backoff would otherwise fill
    // one page for good and hide a lost job behind them.
    const before = new Date(Date.now() - graceMs);
    let lost = 0;
    for (let after: { enqueuedAt: Date; id: string } | undefined, full = true; full;) {
      const queued = await this.webhooks.queuedDeliveries(before, page, after);
      full = queued.length === page;
      after = queued.at(-1);
      const unknown = new Set(
        await unknownJobs(
          this.queue,
          queued.map((d) => deliveryJobId(d.id, d.enqueuedAt)),
        ),
      );
      for (const d of queued) {
        if (!unknown.has(deliveryJobId(d.id, d.enqueuedAt))) continue;
        await this.webhooks.unmarkEnqueued(d.id, d.enqueuedAt);
        lost++;
      }
    }
    if (lost > 0) {
      this.logger.warn({ lost }, 'webhook deliveries lost from the queue; queueing them again');
      await this.enqueuePending();
    }
    return lost;
  }
}
