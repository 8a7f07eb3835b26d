import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { retainedSince } from '../../modules/retention/retention';
import { RetentionService } from '../../modules/retention/retention.service';
import { MetricsService } from '../metrics/metrics.service';
import { PeriodicService } from '../periodic';
import { DEFAULT_AHEAD_DAYS, planPartitions, type PartitionPlan } from './partition-plan';
import { PartitionsRepository } from './partitions.repository';

const HOUR = 3_600_000;

/**
 * Keeps history's partitions ahead of time and drops those past retention (raw payloads; history
 * as long as the organisation that keeps it longest; alerts), in the worker, hourly and at
 * start-up. Retention is dropping whole partitions: no row-by-row delete, no vacuum debt. Each
 * step stands alone: one that fails (a lock not granted) is logged and tried again at the next
 * run; partitions exist a week (payloads) to two months (history) ahead, so a missed run stops
 * nothing.
 */
@Injectable()
export class PartitionUpkeepService extends PeriodicService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly partitions: PartitionsRepository,
    private readonly metrics: MetricsService,
    private readonly retention: RetentionService,
  ) {
    super();
  }

  schedule() {
    return { what: 'partition upkeep', intervalMs: HOUR, now: true };
  }

  /** Plans from the catalogue and carries the plan out; what was done. */
  async runOnce(now = new Date()): Promise<PartitionPlan> {
    const existing = await this.partitions.list();
    // A detach interrupted by a crash is finished whatever its age: the partition is half gone.
    const interrupted = existing.filter((p) => p.detaching);
    const { payloads, alerts } = this.config.retention;
    const history = await this.retention.partitionDays();
    const plan = planPartitions(
      now,
      existing.filter((p) => !p.detaching),
      { retentionDays: { payloads, history, alerts }, aheadDays: DEFAULT_AHEAD_DAYS },
    );
    const done: PartitionPlan = { create: [], drop: [] };
    for (const p of plan.create) {
      if (await this.step(`create ${p.name}`, () => this.partitions.create(p))) done.create.push(p);
    }
    const horizon = retainedSince(now, history);
    for (const p of [...interrupted, ...plan.drop]) {
      if (await this.step(`drop ${p.name}`, () => this.partitions.drop(p, horizon))) done.drop.push(p);
    }
    for (const p of done.create) this.metrics.partitions.inc({ action: 'created', table: p.table });
    for (const p of done.drop) this.metrics.partitions.inc({ action: 'dropped', table: p.table });
    if (done.create.length + done.drop.length > 0) {
      this.logger.log(
        { created: done.create.map((p) => p.name), dropped: done.drop.map((p) => p.name) },
        'history partitions kept',
      );
    }
    return done;
  }

  private async step(what: string, work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, `partition upkeep: ${what} failed; will retry`);
      return false;
    }
  }
}
