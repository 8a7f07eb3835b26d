import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { SnapshotOutboxService } from '../../snapshots/snapshot-outbox.service';
import { WebhookDispatcherService } from '../../webhooks/webhook-dispatcher.service';

/** Periodically re-queues outbox rows (snapshots, alert events, deliveries) that never reached Redis. */
@Injectable()
export class OutboxReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxReconcilerService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotOutboxService,
    private readonly webhooks: WebhookDispatcherService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  runOnce(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.snapshots.reconcile();
        await this.webhooks.dispatch();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'outbox reconciliation failed; will retry');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
