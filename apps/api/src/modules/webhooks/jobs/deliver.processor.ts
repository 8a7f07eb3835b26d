import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import { DelayedError, type Job } from 'bullmq';
import { DELIVER_QUEUE, type DeliverJob, logJobFailure, queueLabel, WORKER_LOCK } from '../../../infra/queue/queues';
import { MetricsService } from '../../../infra/metrics/metrics.service';
import { RateLimited, WebhookSenderService } from '../webhook-sender.service';

@Processor(DELIVER_QUEUE, { concurrency: 20, ...WORKER_LOCK })
export class DeliverProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeliverProcessor');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: WebhookSenderService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  /** The decorator's value is a default: the configured one applies from start-up. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.deliverConcurrency;
  }

  async process(job: Job<DeliverJob>, token?: string): Promise<void> {
    try {
      await this.sender.deliver(job.data.deliveryId, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    } catch (err) {
      if (!(err instanceof RateLimited)) throw err;
      // The receiver said when: wait that long, without spending one of the job's attempts.
      await job.moveToDelayed(Date.now() + err.delayMs, token);
      throw new DelayedError();
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.metrics.jobFailures.inc({ queue: queueLabel(DELIVER_QUEUE) });
    logJobFailure(this.logger, job, err);
  }
}
