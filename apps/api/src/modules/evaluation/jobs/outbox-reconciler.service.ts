import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { Periodic } from '../../../infra/periodic';
import { SnapshotOutboxService } from '../../snapshots/snapshot-outbox.service';
import { WebhookDispatcherService } from '../../webhooks/webhook-dispatcher.service';

/** Periodically re-queues outbox rows (snapshots, alert events, deliveries) that never reached Redis. */
@Injectable()
export class OutboxReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly periodic = new Periodic(new Logger(OutboxReconcilerService.name), 'outbox reconciliation', () =>
    this.runOnce(),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotOutboxService,
    private readonly webhooks: WebhookDispatcherService,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.start(this.config.reconcileIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  async runOnce(): Promise<void> {
    await this.snapshots.reconcile();
    await this.webhooks.dispatch();
  }
}
