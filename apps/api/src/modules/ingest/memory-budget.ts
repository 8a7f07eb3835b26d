import { IngestError } from './ingest.errors';

/**
 * Parsing and validating a snapshot holds about this many times its JSON's size in V8's heap on
 * top of the body itself (the text as a string, the parsed objects, the serialised content):
 * measured with `npm run bench:hostile`, whose sampled heap grew ~3× the snapshots in flight.
 * Reserved before parsing, so the budget bounds what requests really hold, not only their bodies.
 */
export const PARSE_FACTOR = 3;

/**
 * How much a gzipped snapshot may inflate, for reserving before it is read: snapshot JSON
 * compresses 10–40× (the benchmark's 31 MB snapshots are 0.8 MB gzipped). One that inflates
 * further is still bounded by INGEST_MAX_BYTES and charged as it inflates.
 */
export const GZIP_RATIO = 40;

/** What one request holds of the budget; given back whole by `release()`. */
export interface MemoryLease {
  /**
   * Sets aside what the request is expected to hold, before anything is read: a request that
   * cannot have it is refused without costing a byte (503, Retry-After).
   */
  reserve(bytes: number): void;
  /** Counts `bytes` more (from the reservation first), or throws UNAVAILABLE (503, Retry-After). */
  take(bytes: number): void;
  release(): void;
}

/**
 * A process-wide budget of bytes held by requests in flight: bodies as they are read, then
 * PARSE_FACTOR times the body for parsing it, until the request ends. Each request reserves its
 * expected share before reading (from its Content-Length), so under load requests are refused
 * whole, before reading, rather than half-read: partly read bodies are garbage that V8 collects
 * late. Past the budget the agent is told to retry later: the API's memory stays bounded however
 * many agents push at once, and nothing accepted is lost.
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
    let prepaid = 0;
    const charge = (bytes: number) => {
      if (this.used + bytes > this.limitBytes) throw IngestError.busy(this.retryAfterSeconds);
      this.used += bytes;
      held += bytes;
    };
    return {
      reserve: (bytes) => {
        charge(bytes);
        prepaid += bytes;
      },
      take: (bytes) => {
        const fromReservation = Math.min(prepaid, bytes);
        prepaid -= fromReservation;
        if (bytes > fromReservation) charge(bytes - fromReservation);
      },
      release: () => {
        this.used -= held;
        held = 0;
        prepaid = 0;
      },
    };
  }
}

/**
 * What a snapshot request is expected to hold, from its headers: its body, inflated (bounded by
 * the limit), and its parsing. Without a Content-Length, the most it could.
 */
export function expectedBytes(
  contentLength: number | undefined,
  gzip: boolean,
  limits: { maxBytes: number; maxCompressedBytes: number },
): number {
  if (contentLength === undefined || !Number.isFinite(contentLength) || contentLength < 0) {
    return gzip
      ? limits.maxCompressedBytes + limits.maxBytes * (1 + PARSE_FACTOR)
      : limits.maxBytes * (1 + PARSE_FACTOR);
  }
  const inflated = gzip
    ? Math.min(limits.maxBytes, contentLength * GZIP_RATIO)
    : Math.min(limits.maxBytes, contentLength);
  return (gzip ? contentLength : 0) + inflated * (1 + PARSE_FACTOR);
}
