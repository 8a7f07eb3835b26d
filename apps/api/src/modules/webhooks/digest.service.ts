import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Prisma } from '../../generated/prisma/client';
import { PeriodicService } from '../../infra/periodic';
import { filterOf } from '../outbox/alert-payloads';
import { Digest, digestMessage, type DigestSchedule, periodEnd } from '../outbox/digest';
import { newMessageId, WebhookDispatcherService } from './webhook-dispatcher.service';
import { DIGEST_BATCH, WebhooksRepository } from './webhooks.repository';

/**
 * Digests (in the worker, every MONITOR_INTERVAL_MS): once an hour or a day has passed, each
 * destination on that schedule gets one message gathering what it would have heard of over it.
 */
@Injectable()
export class DigestService extends PeriodicService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcherService,
  ) {
    super();
  }

  schedule() {
    return { what: 'alert digests', intervalMs: this.config.monitorIntervalMs };
  }

  async runOnce(now = new Date()): Promise<number> {
    let total = 0;
    for (let full = true; full;) {
      const { claimed, written } = await this.webhooks.writeDigests(
        (schedule) => periodEnd(schedule, now),
        (endpoint, teamOf, period) => {
          const digest = new Digest();
          return {
            add: (event) => {
              const message = digestMessage(endpoint, event, teamOf);
              if (message) digest.add(message);
            },
            finish: () => {
              const data = digest.result(endpoint.organizationId, {
                schedule: endpoint.schedule as DigestSchedule,
                from: period.from.toISOString(),
                to: period.to.toISOString(),
              });
              return data
                ? {
                    payload: data as unknown as Prisma.InputJsonValue,
                    delivery: {
                      endpointId: endpoint.id,
                      messageId: newMessageId(),
                      filter: filterOf(endpoint) as unknown as Prisma.InputJsonValue,
                      createdAt: new Date(),
                    },
                  }
                : null;
            },
          };
        },
      );
      total += written;
      full = claimed === DIGEST_BATCH;
    }
    if (total > 0) {
      this.logger.log({ digests: total }, 'digests written');
      await this.dispatcher.enqueuePending();
    }
    return total;
  }
}
