import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Batcher } from '../../infra/batcher';
import { MetricsService } from '../../infra/metrics/metrics.service';
import { EVALUATE_QUEUE, type EvaluateJob } from '../../infra/queue/queues';
import { fairPriorities } from './fair-priorities';
import { SnapshotsRepository } from './snapshots.repository';

/**
 * The transactional outbox for evaluations: a snapshot row is durable before its job is queued,
 * and `reconcile` re-queues rows whose job never made it (Redis down at ingest, a crash between
 * commit and enqueue). The job id is the snapshot id, so a job is never queued twice.
 */
@Injectable()
export class SnapshotOutboxService implements OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotOutboxService.name);
  // Ingest hands its snapshots over in batches: one queue round trip and one UPDATE for many
  // requests. The 202 waits only for the row, which is what the outbox makes sufficient.
  private readonly pending = new Batcher<string>(this.logger, 'queueing evaluations', (ids) => this.enqueue(ids));

  constructor(
    @InjectQueue(EVALUATE_QUEUE) private readonly queue: Queue<EvaluateJob>,
    private readonly snapshots: SnapshotsRepository,
    private readonly metrics: MetricsService,
  ) {}

  /** Queues the snapshot's evaluation soon (batched); the reconciler covers a failure. */
  submit(snapshotId: string): void {
    this.pending.add(snapshotId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pending.flush();
  }

  /**
   * Hands the snapshots to the queue and marks them queued; false (logged) when Redis is
   * unreachable or slow: the reconciler retries. Bounded in time.
   */
  async enqueue(snapshotIds: string[], timeoutMs = 2_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the queue did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      // Fair shares between organisations (fair-priorities.ts), in the order the snapshots came.
      const order = new Map(snapshotIds.map((id, i) => [id, i]));
      const batch = (await this.snapshots.queuedAhead(snapshotIds)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const priorities = fairPriorities(batch);
      const adding = this.queue.addBulk(
        snapshotIds.map((snapshotId) => ({
          name: 'evaluate',
          data: { snapshotId },
          opts: {
            jobId: snapshotId,
            priority: priorities.get(snapshotId) ?? 1,
            attempts: 10,
            backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
            removeOnComplete: { age: 3600, count: 10_000 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
      // If the timeout wins, the add may still fail later: that is the reconciler's business.
      adding.catch(() => undefined);
      await Promise.race([timeout, adding]);
      await this.snapshots.markQueued(snapshotIds, new Date());
      return true;
    } catch (err) {
      this.logger.warn(
        { snapshots: snapshotIds.length, err: (err as Error).message },
        'could not enqueue evaluations; the reconciler will retry',
      );
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The snapshot's evaluation failed for good: FAILED with why, its payload dropped, counted. */
  async fail(snapshotId: string, reason: string): Promise<void> {
    if (await this.snapshots.markFailed(snapshotId, reason)) {
      this.metrics.snapshotsFailed.inc();
      this.logger.warn({ snapshotId }, 'evaluation failed for good; snapshot marked FAILED');
    }
  }

  /**
   * Queues again what Redis does not have: rows whose job never made it, and queued rows whose
   * job is gone (Redis restarted without its data); a queued row whose job BullMQ gave up on
   * (a worker that died with it too often) ends FAILED. Every queued row older than the grace
   * period is checked, `chunk` at a time (one Redis round trip each), so rows legitimately
   * waiting never hide a lost one behind them.
   */
  async reconcile(graceMs = 5_000, chunk = 500): Promise<number> {
    const before = new Date(Date.now() - graceMs);
    const lost: string[] = [];
    let failed = 0;
    let after: { enqueuedAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await this.snapshots.findQueued(before, chunk, after);
      if (rows.length === 0) break;
      const states = await Promise.all(rows.map((r) => this.queue.getJobState(r.id)));
      for (const [i, row] of rows.entries()) {
        if (states[i] === 'unknown') lost.push(row.id);
        else if (states[i] === 'failed') {
          const job = await this.queue.getJob(row.id);
          await this.fail(row.id, job?.failedReason ?? 'the evaluation job failed');
          failed++;
        }
      }
      if (rows.length < chunk) break;
      after = rows.at(-1);
    }
    const unqueued = (await this.snapshots.findUnqueued(before, chunk)).map((r) => r.id);
    const ids = [...unqueued, ...lost];
    const queued = ids.length > 0 && (await this.enqueue(ids)) ? ids.length : 0;
    if (queued > 0 || failed > 0)
      this.logger.log({ queued, lost: lost.length, failed }, 'reconciled the evaluation outbox');
    return queued;
  }
}
