import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A background task run every `intervalMs` in the worker: never two runs at once, a failure
 * logged and left to the next run, and `stop()` waits for the run in progress.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly task: () => Promise<unknown>,
  ) {}

  start(intervalMs: number, options: { now?: boolean } = {}): void {
    if (options.now) void this.run();
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.task();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, `${this.what} failed; will retry`);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Resolves once the run in progress, if any, has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

/**
 * A worker task run once per interval across all workers: MaintenanceScheduler finds every
 * provider of this kind, keeps one BullMQ job scheduler per task, and whichever worker takes the
 * job calls `run()`. `now` tasks also run once at each worker's start (partitions must exist
 * before writes, whatever the schedule). `runOnce` stays callable directly (tests, benchmarks).
 */
export abstract class PeriodicService implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private periodic?: Periodic;

  /** What the task is called (its scheduler's id, and in logs), how often it runs, and whether at start-up too. */
  abstract schedule(): { what: string; intervalMs: number; now?: boolean };

  abstract runOnce(): Promise<unknown>;

  /** Runs the task, unless a run is in progress in this process: then that run is awaited. Never throws. */
  run(): Promise<void> {
    this.periodic ??= new Periodic(this.logger, this.schedule().what, () => this.runOnce());
    return this.periodic.run();
  }

  onApplicationBootstrap(): void {
    if (this.schedule().now) void this.run();
  }

  /** Resolves once the run in progress in this process, if any (the one at start-up), has finished. */
  async idle(): Promise<void> {
    await this.periodic?.idle();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }
}
