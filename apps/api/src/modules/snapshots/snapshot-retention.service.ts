import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { SnapshotsRepository } from './snapshots.repository';

const HOUR = 3_600_000;

/**
 * Drops raw snapshot payloads past the retention period, in the worker, hourly. What was learnt
 * from them (evaluations, findings and their events, object states and changes) stays; a
 * snapshot not yet evaluated keeps its payload whatever its age.
 */
@Injectable()
export class SnapshotRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotRetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotsRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), HOUR);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Drops what is due, in batches; the number of payloads dropped. */
  runOnce(now = new Date()): Promise<number> {
    this.running ??= (async () => {
      const before = new Date(now.getTime() - this.config.ingest.retentionDays * 24 * HOUR);
      let total = 0;
      try {
        for (let n = -1; n !== 0; total += n) n = await this.snapshots.dropPayloads(before, 1_000);
        if (total > 0)
          this.logger.log({ dropped: total, before: before.toISOString() }, 'dropped old snapshot payloads');
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'snapshot retention failed; will retry');
      } finally {
        this.running = undefined;
      }
      return total;
    })();
    return this.running;
  }
}
