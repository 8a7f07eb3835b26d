import { Injectable } from '@nestjs/common';
import { PeriodicService } from '../../infra/periodic';
import { retainedSince } from './retention';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

const HOUR = 3_600_000;
/** Findings deleted per statement, and statements per run: a backlog is worked off hour by hour. */
const FORGET_BATCH = 5_000;
const FORGET_BATCHES = 100;

/**
 * Resolved findings follow their history out: once resolved before the oldest time any
 * organisation keeps, the finding goes too (its events went with their months).
 */
@Injectable()
export class ResolvedFindingsRetentionService extends PeriodicService {
  constructor(
    private readonly retention: RetentionService,
    private readonly repository: RetentionRepository,
  ) {
    super();
  }

  schedule() {
    return { what: 'resolved findings retention', intervalMs: HOUR };
  }

  /** How many findings it deleted. */
  async runOnce(now = new Date()): Promise<number> {
    const horizon = retainedSince(now, await this.retention.partitionDays());
    let forgotten = 0;
    for (let batch = 0; batch < FORGET_BATCHES; batch++) {
      const n = await this.repository.forgetResolvedFindings(horizon, FORGET_BATCH);
      forgotten += n;
      if (n < FORGET_BATCH) break;
    }
    if (forgotten > 0) this.logger.log({ forgotten, horizon }, 'resolved findings past retention deleted');
    return forgotten;
  }
}
