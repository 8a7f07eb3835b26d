import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from '../../infra/metrics/metrics.service';
import { PeriodicService } from '../../infra/periodic';
import { type Claim, DeletionsRepository } from './deletions.repository';
import { purgeStages, stageLabel } from './purge-plan';

/** What one batch did, for whoever watches (tests, benchmarks). */
export interface PurgeBatch {
  deletionId: string;
  stage: string;
  rows: number;
}

/**
 * Removes the data of deleted clusters and organisations in the worker, in bounded batches: one
 * short statement of at most PURGE_BATCH_ROWS rows at a time, each recording its progress on the
 * Deletion row and renewing the worker's lease. A worker that dies loses its lease and another
 * (or itself, restarted) resumes where the data says it stopped: a batch is idempotent.
 */
@Injectable()
export class PurgeService extends PeriodicService {
  /** Tells a lease of this process from another's (two workers may run on one host). */
  private readonly owner = `worker-${randomUUID()}`;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deletions: DeletionsRepository,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  schedule() {
    return { what: 'purge of deleted clusters and organisations', intervalMs: this.config.purge.intervalMs, now: true };
  }

  override async onApplicationShutdown(): Promise<void> {
    // The batch in progress finishes, then the deletion is handed back for another worker.
    this.stopping = true;
    await super.onApplicationShutdown();
  }

  /** Purges every deletion it can claim, oldest first; the number finished. */
  async runOnce(onBatch?: (batch: PurgeBatch) => void): Promise<number> {
    await this.deletions.forgetFinished(new Date(Date.now() - this.config.purge.keepFinishedMs));
    let finished = 0;
    while (!this.stopping) {
      const claim = await this.deletions.claim(this.owner, this.config.purge.leaseMs);
      if (!claim) break;
      try {
        if (await this.purge(claim, onBatch)) finished++;
      } catch (err) {
        const message = (err as Error).message;
        this.logger.warn({ deletionId: claim.id, err: message }, 'purge failed; will resume when its lease lapses');
        await this.deletions.fail(claim, message, this.config.purge.leaseMs);
      }
    }
    return finished;
  }

  /** Runs the deletion's stages to the end; false if stopped or the lease was lost on the way. */
  private async purge(claim: Claim, onBatch?: (batch: PurgeBatch) => void): Promise<boolean> {
    const { batchRows, leaseMs } = this.config.purge;
    const stages = purgeStages(
      claim.kind === 'CLUSTER'
        ? { kind: 'CLUSTER', clusterId: claim.clusterId! }
        : { kind: 'ORGANIZATION', clusterIds: await this.deletions.clustersOf(claim.organizationId) },
    );
    let total = 0;
    for (const stage of stages) {
      const label = stageLabel(stage);
      for (;;) {
        if (this.stopping) {
          await this.deletions.release(claim);
          return false;
        }
        const rows = await this.deletions.deleteBatch(claim, stage, label, batchRows, leaseMs);
        if (rows === null) {
          this.logger.warn({ deletionId: claim.id }, 'purge lease lost to another worker; leaving it the rest');
          return false;
        }
        total += rows;
        this.metrics.purgedRows.inc(rows);
        onBatch?.({ deletionId: claim.id, stage: label, rows });
        // A short batch was the last of its stage (the two singleton stages delete one row at most).
        if (rows < batchRows) break;
      }
    }
    await this.deletions.finish(claim);
    this.logger.log({ deletionId: claim.id, kind: claim.kind, rows: total }, 'purge finished');
    return true;
  }
}
