import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EVALUATE_QUEUE, type EvaluateJob } from '../../infra/queue/queues';
import { SnapshotsRepository } from './snapshots.repository';

/**
 * The transactional outbox for evaluations: a snapshot row is durable before its job is queued,
 * and `reconcile` re-queues rows whose job never made it (Redis down at ingest, a crash between
 * commit and enqueue). The job id is the snapshot id, so a job is never queued twice.
 */
@Injectable()
export class SnapshotOutboxService {
  private readonly logger = new Logger(SnapshotOutboxService.name);

  constructor(
    @InjectQueue(EVALUATE_QUEUE) private readonly queue: Queue<EvaluateJob>,
    private readonly snapshots: SnapshotsRepository,
  ) {}

  /**
   * Hands the snapshot to the queue; false (logged) when Redis is unreachable or slow: the
   * reconciler retries. Bounded in time, because the agent's 202 waits for this.
   */
  async enqueue(snapshotId: string, timeoutMs = 2_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the queue did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const adding = this.add(snapshotId);
      // If the timeout wins, the add may still fail later: that is the reconciler's business.
      adding.catch(() => undefined);
      await Promise.race([timeout, adding]);
      await this.snapshots.markQueued(snapshotId, new Date());
      return true;
    } catch (err) {
      this.logger.warn(
        { snapshotId, err: (err as Error).message },
        'could not enqueue evaluation; the reconciler will retry',
      );
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private async add(snapshotId: string): Promise<void> {
    await this.queue.add(
      'evaluate',
      { snapshotId },
      {
        jobId: snapshotId,
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  async reconcile(graceMs = 5_000, limit = 500): Promise<number> {
    const rows = await this.snapshots.findUnqueued(new Date(Date.now() - graceMs), limit);
    let queued = 0;
    for (const row of rows) if (await this.enqueue(row.id)) queued++;
    if (queued > 0) this.logger.log({ queued }, 're-enqueued evaluations from the outbox');
    return queued;
  }
}
