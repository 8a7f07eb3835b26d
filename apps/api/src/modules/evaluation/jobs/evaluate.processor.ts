import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import type { Job } from 'bullmq';
import {
  EVALUATE_QUEUE,
  type EvaluateJob,
  failedForGood,
  logJobFailure,
  queueLabel,
  WORKER_LOCK,
} from '../../../infra/queue/queues';
import { SnapshotOutboxService } from '../../snapshots/snapshot-outbox.service';
import { MetricsService } from '../../../infra/metrics/metrics.service';
import { WebhookDispatcherService } from '../../webhooks/webhook-dispatcher.service';
import { EvaluationService } from '../evaluation.service';

@Processor(EVALUATE_QUEUE, { concurrency: 2, ...WORKER_LOCK })
export class EvaluateProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('EvaluateProcessor');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly evaluation: EvaluationService,
    private readonly dispatcher: WebhookDispatcherService,
    private readonly metrics: MetricsService,
    private readonly outbox: SnapshotOutboxService,
  ) {
    super();
  }

  /** The decorator's value is a default: the configured one applies from start-up. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.evaluateConcurrency;
  }

  async process(job: Job<EvaluateJob>): Promise<string> {
    const timer = this.metrics.evaluationSeconds.startTimer();
    const outcome = await this.evaluation.evaluateSnapshot(job.data.snapshotId);
    timer({ outcome: outcome.status });
    // The alert is already in the outbox; fanning it out now only saves waiting for the reconciler.
    if (outcome.status === 'evaluated') await this.dispatcher.dispatch();
    return outcome.status;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<EvaluateJob> | undefined, err: Error): Promise<void> {
    this.metrics.jobFailures.inc({ queue: queueLabel(EVALUATE_QUEUE) });
    logJobFailure(this.logger, job, err);
    // Out of attempts: the snapshot leaves the outbox as FAILED (the reconciler catches a missed one).
    if (job && failedForGood(job, err)) {
      await this.outbox.fail(job.data.snapshotId, err.message).catch((e: Error) => {
        this.logger.warn({ snapshotId: job.data.snapshotId, err: e.message }, 'could not mark the snapshot FAILED');
      });
    }
  }
}
