import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Log } from '../log';

const gzipAsync = promisify(gzip);

export interface PushOptions {
  apiUrl: string;
  /** Where the token is read from before every push, so a rotated Secret is picked up live. */
  token: { file: string } | { value: string };
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Injectable for tests; resolves after `ms` or when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type PushOutcome =
  | { status: 'accepted' | 'duplicate'; attempts: number; bytes: number }
  /** The token was refused: pushing again with it is pointless until it changes. */
  | { status: 'unauthorized'; attempts: number }
  /** The server will never take this snapshot (too large, invalid): logged, not retried. */
  | { status: 'rejected'; attempts: number; code: number }
  | { status: 'gave-up'; attempts: number; error: string };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Full jitter: a random wait up to the exponential bound, so agents never retry in step. */
export const backoff = (attempt: number, base: number, max: number): number =>
  Math.round(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class Pusher {
  constructor(
    private readonly options: PushOptions,
    private readonly log: Log,
  ) {}

  private async token(): Promise<string> {
    if ('value' in this.options.token) return this.options.token.value;
    return (await readFile(this.options.token.file, 'utf8')).trim();
  }

  /** Pushes one snapshot (already serialised) with retries; never throws for HTTP outcomes. */
  async push(snapshotId: string, json: string, signal?: AbortSignal): Promise<PushOutcome> {
    const body = await gzipAsync(Buffer.from(json));
    const maxAttempts = this.options.maxAttempts ?? 8;
    const sleep = this.options.sleep ?? defaultSleep;
    let lastError = '';
    for (let attempt = 1; attempt <= maxAttempts && !signal?.aborted; attempt++) {
      let wait: number | undefined;
      try {
        const res = await fetch(new URL('/v1/snapshots', this.options.apiUrl), {
          method: 'POST',
          body,
          headers: {
            authorization: `Bearer ${await this.token()}`,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'idempotency-key': snapshotId,
            'user-agent': 'kubeward-agent',
          },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
        });
        const text = await res.text();
        if (res.status === 202 || res.status === 200) {
          const status = (JSON.parse(text) as { status?: string }).status === 'duplicate' ? 'duplicate' : 'accepted';
          this.log.info({ snapshotId, bytes: body.length, attempt, status }, 'snapshot pushed');
          return { status, attempts: attempt, bytes: body.length };
        }
        if (res.status === 401) {
          this.log.error(
            { snapshotId, status: 401 },
            'the API refused the cluster token (revoked or rotated away): install the current token; not pushing until it changes',
          );
          return { status: 'unauthorized', attempts: attempt };
        }
        if (res.status === 413) {
          this.log.error(
            { snapshotId, status: 413, bytes: body.length, uncompressedBytes: json.length },
            'snapshot too large for the API',
          );
          return { status: 'rejected', attempts: attempt, code: 413 };
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
          this.log.error({ snapshotId, status: res.status, response: text.slice(0, 2000) }, 'snapshot rejected');
          return { status: 'rejected', attempts: attempt, code: res.status };
        }
        lastError = `HTTP ${res.status}`;
        if (res.status === 429) wait = retryAfterMs(res.headers.get('retry-after'));
      } catch (err) {
        lastError = (err as Error).message;
      }
      if (attempt < maxAttempts) {
        const delay = wait ?? backoff(attempt, this.options.baseDelayMs ?? 1000, this.options.maxDelayMs ?? 60_000);
        this.log.warn({ snapshotId, attempt, error: lastError, retryInMs: delay }, 'push failed; retrying');
        await sleep(delay, signal);
      }
    }
    this.log.error({ snapshotId, error: lastError }, 'push failed; giving up on this snapshot');
    return { status: 'gave-up', attempts: maxAttempts, error: lastError };
  }
}
