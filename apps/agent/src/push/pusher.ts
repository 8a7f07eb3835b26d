import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createGzip } from 'node:zlib';
import { httpRequest } from '../http-request';
import type { Log } from '../log';

/** A snapshot ready to send: its gzip bytes, and how large it is uncompressed. */
export interface Body {
  gzip: Buffer;
  bytes: number;
}

/**
 * Gzips JSON given in pieces, batched into writes of about 64 KB, so the whole text never has
 * to exist as one string (at 5,000 workloads that is 7 MB, plus as much again as a Buffer).
 */
export async function compress(pieces: Iterable<string>): Promise<Body> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const ended = once(gzip, 'end');
  let batch = '';
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= 65_536) {
      await write(batch);
      batch = '';
    }
  }
  if (batch) await write(batch);
  gzip.end();
  await ended;
  return { gzip: Buffer.concat(out), bytes };
}

export interface PushOptions {
  apiUrl: string;
  /**
   * Where the token comes from. A file (the mounted Secret) is read before every request, so a
   * rotated token is picked up without a restart; `value` is the fallback when the file is absent.
   */
  token: { file?: string; value?: string };
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Injectable for tests; resolves after `ms` or when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type PushOutcome =
  | { status: 'accepted' | 'duplicate'; attempts: number; bytes: number }
  /** The API already holds this content: only the heartbeat was sent. */
  | { status: 'heartbeat'; attempts: number }
  /** The token was refused: pushing again with it is pointless until it changes. */
  | { status: 'unauthorized'; attempts: number }
  /** The server will never take this request (too large, invalid): logged, not retried. */
  | { status: 'rejected'; attempts: number; code: number }
  | { status: 'gave-up'; attempts: number; error: string };

export const delivered = (o: { status: string }): boolean =>
  o.status === 'accepted' || o.status === 'duplicate' || o.status === 'heartbeat';

export class TokenUnavailableError extends Error {
  override name = 'TokenUnavailableError';
}

/** Resolves after `ms`, or at once when `signal` aborts (shutdown never waits out a delay). */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Full jitter: a random wait up to the exponential bound, so agents never retry in step. */
export const backoff = (attempt: number, base: number, max: number): number =>
  Math.round(Math.random() * Math.min(max, base * 2 ** (attempt - 1)));

function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

interface Request {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
  /** For log lines: what is being sent (never its content). */
  what: Record<string, unknown>;
  uncompressedBytes: number;
}

type Answer = { kind: 'ok'; status: number; text: string; attempts: number } | { kind: 'final'; outcome: PushOutcome };

/**
 * Sends snapshots and heartbeats to the API with retries (exponential backoff, full jitter,
 * 429 Retry-After). Never throws for HTTP outcomes; the token never reaches a log line.
 */
export class Pusher {
  constructor(
    private readonly options: PushOptions,
    private readonly log: Log,
  ) {}

  private async token(): Promise<string> {
    const { file, value } = this.options.token;
    if (file) {
      try {
        const token = (await readFile(file, 'utf8')).trim();
        if (token) return token;
      } catch (err) {
        if (!value) throw new TokenUnavailableError(`cannot read the token file ${file}: ${(err as Error).message}`);
      }
    }
    if (value) return value;
    throw new TokenUnavailableError(`the token file ${file} is empty`);
  }

  /**
   * Pushes one snapshot (compressed), with its id as the idempotency key and its content hash,
   * which lets the API skip re-sorting JSON the builder already wrote canonically.
   */
  async push(snapshotId: string, snapshot: Body, contentHash: string, signal?: AbortSignal): Promise<PushOutcome> {
    const body = snapshot.gzip;
    const answer = await this.send(
      {
        path: '/v1/snapshots',
        body,
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'idempotency-key': snapshotId,
          'x-kubeward-content-hash': contentHash,
        },
        what: { snapshotId },
        uncompressedBytes: snapshot.bytes,
      },
      signal,
    );
    if (answer.kind === 'final') return answer.outcome;
    return this.acknowledged(answer, { snapshotId }, body.length, 'snapshot pushed');
  }

  /**
   * Pushes what changed since a snapshot the API acknowledged. Resolves to `unknown` when the API
   * cannot apply it (409: it does not hold the base, or the result is not `contentHash`), and the
   * caller sends the whole snapshot.
   */
  async pushDelta(
    snapshotId: string,
    delta: Body,
    contentHash: string,
    signal?: AbortSignal,
  ): Promise<PushOutcome | { status: 'unknown' }> {
    const answer = await this.send(
      {
        path: '/v1/snapshots/delta',
        body: delta.gzip,
        headers: {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'idempotency-key': snapshotId,
          'x-kubeward-content-hash': contentHash,
        },
        what: { snapshotId, delta: true },
        uncompressedBytes: delta.bytes,
      },
      signal,
      [409],
    );
    if (answer.kind === 'final') return answer.outcome;
    if (answer.status === 409) return { status: 'unknown' };
    return this.acknowledged(answer, { snapshotId, delta: true }, delta.gzip.length, 'delta pushed');
  }

  /**
   * Announces that nothing changed since the snapshot with this content hash. Resolves to
   * `unknown` when the API does not hold that content (409), and the caller sends the snapshot.
   */
  async heartbeat(
    contentHash: string,
    agentVersion: string,
    signal?: AbortSignal,
  ): Promise<PushOutcome | { status: 'unknown' }> {
    const json = JSON.stringify({ contentHash, agentVersion });
    const answer = await this.send(
      {
        path: '/v1/heartbeat',
        body: Buffer.from(json),
        headers: { 'content-type': 'application/json' },
        what: { heartbeat: contentHash.slice(0, 12) },
        uncompressedBytes: json.length,
      },
      signal,
      [409],
    );
    if (answer.kind === 'final') return answer.outcome;
    if (answer.status === 409) return { status: 'unknown' };
    this.log.info({ contentHash: contentHash.slice(0, 12) }, 'nothing changed; heartbeat sent');
    return { status: 'heartbeat', attempts: answer.attempts };
  }

  /** A 202: accepted, or a retry of what the API already had. */
  private acknowledged(
    answer: { text: string; attempts: number },
    what: Record<string, unknown>,
    bytes: number,
    message: string,
  ): PushOutcome {
    const duplicate = (JSON.parse(answer.text) as { status?: string }).status === 'duplicate';
    const status = duplicate ? 'duplicate' : 'accepted';
    this.log.info({ ...what, bytes, attempts: answer.attempts, status }, message);
    return { status, attempts: answer.attempts, bytes };
  }

  private async send(request: Request, signal?: AbortSignal, expected: number[] = []): Promise<Answer> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    const pause = this.options.sleep ?? sleep;
    let lastError = '';
    let attempt = 0;
    while (attempt < maxAttempts && !signal?.aborted) {
      attempt++;
      let wait: number | undefined;
      try {
        const res = await httpRequest(new URL(request.path, this.options.apiUrl), {
          method: 'POST',
          body: request.body,
          headers: {
            ...request.headers,
            authorization: `Bearer ${await this.token()}`,
            'user-agent': 'kubeward-agent',
          },
          signal,
          timeoutMs: this.options.timeoutMs ?? 60_000,
          // The API answers with a few hundred bytes of JSON.
          maxBytes: 64 * 1024,
          what: `POST ${request.path}`,
        });
        const text = res.text;
        const ok = res.status >= 200 && res.status < 300;
        if (ok || expected.includes(res.status)) return { kind: 'ok', status: res.status, text, attempts: attempt };
        if (res.status === 401) {
          this.log.error(
            { ...request.what, status: 401 },
            'the API refused the cluster token (revoked or rotated away): install the current token; not pushing until it changes',
          );
          return { kind: 'final', outcome: { status: 'unauthorized', attempts: attempt } };
        }
        if (res.status === 413) {
          this.log.error(
            { ...request.what, status: 413, bytes: request.body.length, uncompressedBytes: request.uncompressedBytes },
            'snapshot too large for the API',
          );
          return { kind: 'final', outcome: { status: 'rejected', attempts: attempt, code: 413 } };
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
          this.log.error({ ...request.what, status: res.status, response: text.slice(0, 2000) }, 'request rejected');
          return { kind: 'final', outcome: { status: 'rejected', attempts: attempt, code: res.status } };
        }
        lastError = `HTTP ${res.status}`;
        // Told when to come back (rate limited, or the API at its memory budget): wait that long.
        if (res.status === 429 || res.status === 503) wait = retryAfterMs(res.headers['retry-after']);
      } catch (err) {
        if (err instanceof TokenUnavailableError) {
          this.log.error({ ...request.what, error: err.message }, 'no cluster token to send');
          return { kind: 'final', outcome: { status: 'unauthorized', attempts: attempt } };
        }
        lastError = (err as Error).message;
      }
      if (attempt < maxAttempts && !signal?.aborted) {
        const delay = wait ?? backoff(attempt, this.options.baseDelayMs ?? 1000, this.options.maxDelayMs ?? 60_000);
        this.log.warn({ ...request.what, attempt, error: lastError, retryInMs: delay }, 'push failed; retrying');
        await pause(delay, signal);
      }
    }
    this.log.error({ ...request.what, attempts: attempt, error: lastError }, 'push failed; giving up');
    return { kind: 'final', outcome: { status: 'gave-up', attempts: attempt, error: lastError } };
  }
}
