import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { PeriodicService } from '../../../infra/periodic';
import { SnapshotOutboxService } from '../../snapshots/snapshot-outbox.service';
import { WebhookDispatcherService } from '../../webhooks/webhook-dispatcher.service';

/** Periodically re-queues outbox rows (snapshots, alert events, deliveries) that never reached Redis or were lost with it. */
@Injectable()
export class OutboxReconcilerService extends PeriodicService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotOutboxService,
    private readonly webhooks: WebhookDispatcherService,
  ) {
    super();
  }

  schedule() {
    return { what: 'outbox reconciliation', intervalMs: this.config.reconcileIntervalMs };
  }

  async runOnce(): Promise<void> {
    await this.snapshots.reconcile();
    await this.webhooks.dispatch();
    await this.webhooks.requeueLost();
  }
}
