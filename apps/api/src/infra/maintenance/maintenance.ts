import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Queue } from 'bullmq';
import { MetricsService } from '../metrics/metrics.service';
import { PeriodicService } from '../periodic';
import { MAINTENANCE_QUEUE, WORKER_LOCK } from '../queue/queues';

/**
 * The worker's periodic tasks (every PeriodicService provider), each run once per interval across
 * all workers: one BullMQ job scheduler per task produces one job per interval, and one worker
 * takes it. Timers in each replica ran every task once per replica (N reconcilers, N retention
 * runs, N alert monitors racing for the same rows). Every worker upserts the same schedulers at
 * start (the last one's interval wins) and removes those of tasks that no longer exist. The
 * schedulers live in Redis, which may lose its data: each worker upserts them again whenever its
 * connection is back and every minute, or the reconciler that recovers from that loss would be
 * lost with it.
 */
@Injectable()
export class MaintenanceScheduler implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceScheduler.name);
  private readonly tasks = new Map<string, PeriodicService>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof PeriodicService) this.tasks.set(instance.schedule().what, instance);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchedulers();
    const again = () =>
      void this.ensureSchedulers().catch((err: Error) =>
        this.logger.warn({ err: err.message }, 'could not set the periodic tasks’ schedulers; will retry'),
      );
    (await this.queue.backend.client).on('ready', again);
    this.timer = setInterval(again, 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One scheduler per task, with its interval; none for a task that no longer exists. */
  private async ensureSchedulers(): Promise<void> {
    for (const [what, task] of this.tasks) {
      await this.queue.upsertJobScheduler(
        what,
        { every: task.schedule().intervalMs },
        { name: what, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    }
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (!this.tasks.has(scheduler.key)) await this.queue.removeJobScheduler(scheduler.key);
    }
  }

  /** Runs the task a scheduler's job names. */
  async run(what: string): Promise<void> {
    const task = this.tasks.get(what);
    if (!task) {
      this.logger.warn({ task: what }, 'no such periodic task here; skipped');
      return;
    }
    this.metrics.maintenanceRuns.inc({ task: what });
    await task.run();
  }
}

@Processor(MAINTENANCE_QUEUE, { concurrency: 8, ...WORKER_LOCK })
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly scheduler: MaintenanceScheduler) {
    super();
  }

  async process(job: Job): Promise<void> {
    await this.scheduler.run(job.name);
  }
}
