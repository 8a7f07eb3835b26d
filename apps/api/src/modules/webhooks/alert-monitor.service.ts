import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { PeriodicService } from '../../infra/periodic';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import type { OutboxEvents } from '../outbox/alert-payloads';
import { WebhooksRepository } from './webhooks.repository';

/**
 * Alerts that no evaluation raises, found by looking (in the worker, every MONITOR_INTERVAL_MS):
 * clusters gone quiet and back, and accepted risks past their expiry. Each is claimed and written
 * to the outbox in one statement's transaction, so several workers alert once between them.
 */
@Injectable()
export class AlertMonitorService extends PeriodicService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcherService,
  ) {
    super();
  }

  schedule() {
    return { what: 'alert monitoring', intervalMs: this.config.monitorIntervalMs };
  }

  async runOnce(): Promise<void> {
    const now = new Date();
    const staleAfterMinutes = this.config.clusters.staleAfterMinutes;
    const cutoff = new Date(now.getTime() - staleAfterMinutes * 60_000);
    const scope = (c: { id: string; organizationId: string; name: string }) => ({
      organization: { id: c.organizationId },
      cluster: { id: c.id, name: c.name },
    });
    const stale = await this.webhooks.markStale(
      cutoff,
      (c) =>
        ({
          ...scope(c),
          lastSeenAt: c.lastSeenAt.toISOString(),
          staleAfterMinutes,
        }) satisfies OutboxEvents['cluster.stale'],
    );
    const recovered = await this.webhooks.markRecovered(
      cutoff,
      (c) =>
        ({
          ...scope(c),
          staleSince: c.staleSince.toISOString(),
          lastSeenAt: c.lastSeenAt.toISOString(),
        }) satisfies OutboxEvents['cluster.recovered'],
    );
    const expired = await this.webhooks.markExpired(
      now,
      (x) =>
        ({
          organization: { id: x.organizationId },
          exception: {
            id: x.id,
            clusterId: x.clusterId,
            ruleId: x.ruleId,
            namespace: x.namespace,
            resourceKind: x.resourceKind,
            resourceName: x.resourceName,
            reason: x.reason,
            owner: x.owner,
            expiresAt: x.expiresAt.toISOString(),
          },
        }) satisfies OutboxEvents['exception.expired'],
    );
    if (stale + recovered + expired > 0) {
      this.logger.log({ stale, recovered, expired }, 'alerts written');
      await this.dispatcher.dispatch();
    }
  }
}
