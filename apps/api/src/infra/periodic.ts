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

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

/**
 * A worker service whose `runOnce` runs on a schedule from start-up to shutdown (the lifecycle
 * wiring every such service would otherwise repeat).
 */
export abstract class PeriodicService implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private periodic?: Periodic;

  /** What the task is called in logs, how often it runs, and whether once at start-up too. */
  protected abstract schedule(): { what: string; intervalMs: number; now?: boolean };

  abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    const { what, intervalMs, now } = this.schedule();
    this.periodic = new Periodic(this.logger, what, () => this.runOnce());
    this.periodic.start(intervalMs, { now });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }
}
