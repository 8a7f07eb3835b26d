import { IngestError } from './ingest.errors';

/** What one request holds of the budget; given back whole by `release()`. */
export interface MemoryLease {
  /** Counts `bytes` more, or throws UNAVAILABLE (503, Retry-After) when the process is at its budget. */
  take(bytes: number): void;
  release(): void;
}

/**
 * A process-wide budget of bytes held by requests in flight (compressed and inflated bodies until
 * the request ends). Past it, new bytes are refused with 503 and the agent retries later: the API's
 * memory stays bounded however many agents push at once, and nothing accepted is lost.
 */
export class MemoryBudget {
  private used = 0;

  constructor(
    readonly limitBytes: number,
    private readonly retryAfterSeconds = 5,
  ) {}

  get inUse(): number {
    return this.used;
  }

  lease(): MemoryLease {
    let held = 0;
    return {
      take: (bytes) => {
        if (this.used + bytes > this.limitBytes) throw IngestError.busy(this.retryAfterSeconds);
        this.used += bytes;
        held += bytes;
      },
      release: () => {
        this.used -= held;
        held = 0;
      },
    };
  }
}
