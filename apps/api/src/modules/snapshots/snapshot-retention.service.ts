import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { PeriodicService } from '../../infra/periodic';
import { SnapshotsRepository } from './snapshots.repository';

const HOUR = 3_600_000;

/**
 * Drops raw snapshot payloads past the retention period, in the worker, hourly. What was learnt
 * from them (evaluations, findings and their events, object states and changes) stays; a
 * snapshot not yet evaluated keeps its payload whatever its age.
 */
@Injectable()
export class SnapshotRetentionService extends PeriodicService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: SnapshotsRepository,
  ) {
    super();
  }

  protected schedule() {
    return { what: 'snapshot retention', intervalMs: HOUR, now: true };
  }

  /** Drops what is due, in batches; the number of payloads dropped. */
  async runOnce(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.ingest.retentionDays * 24 * HOUR);
    let total = 0;
    for (let n = -1; n !== 0; total += n) n = await this.snapshots.dropPayloads(before, 1_000);
    if (total > 0) this.logger.log({ dropped: total, before: before.toISOString() }, 'dropped old snapshot payloads');
    return total;
  }
}
