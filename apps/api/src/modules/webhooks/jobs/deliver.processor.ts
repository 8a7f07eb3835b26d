import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DELIVER_QUEUE, type DeliverJob, logJobFailure, WORKER_LOCK } from '../../../infra/queue/queues';
import { MetricsService } from '../../../infra/metrics/metrics.service';
import { WebhookSenderService } from '../webhook-sender.service';

@Processor(DELIVER_QUEUE, { concurrency: 20, ...WORKER_LOCK })
export class DeliverProcessor extends WorkerHost {
  private readonly logger = new Logger('DeliverProcessor');

  constructor(
    private readonly sender: WebhookSenderService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job<DeliverJob>): Promise<void> {
    await this.sender.deliver(job.data.deliveryId, { last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.metrics.jobFailures.inc({ queue: DELIVER_QUEUE });
    logJobFailure(this.logger, job, err);
  }
}
