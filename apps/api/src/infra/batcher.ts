import type { Logger } from '@nestjs/common';

/**
 * Gathers items from concurrent requests and hands them to `write` together, `delayMs` after the
 * first or as soon as `max` are waiting: one statement for many requests where none needs the
 * write done before it answers. A failed write is logged; whatever relies on it must tolerate
 * losing it (a crash loses the pending items anyway).
 */
export class Batcher<T> {
  private pending: T[] = [];
  private timer?: NodeJS.Timeout;
  private writing = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly write: (items: T[]) => Promise<unknown>,
    private readonly delayMs = 50,
    private readonly max = 500,
  ) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.max) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is pending now; resolves when every write started so far has ended. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.pending;
    this.pending = [];
    if (items.length > 0) {
      this.writing = this.writing.then(async () => {
        try {
          await this.write(items);
        } catch (err) {
          this.logger.warn({ err: (err as Error).message, items: items.length }, `${this.what} failed`);
        }
      });
    }
    return this.writing;
  }
}
