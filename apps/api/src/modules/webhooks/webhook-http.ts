import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { AddressPolicy, AddressRefused } from './address-policy';

export interface PostResult {
  /** Null when no response came (refused, unreachable, timed out). */
  statusCode: number | null;
  /** Why the attempt failed, for the delivery log; null on any 2xx. */
  error: string | null;
  latencyMs: number;
}

export interface HttpResult extends PostResult {
  /** The response body, up to `readBytes` (empty unless asked for). */
  body: string;
  /** A 429's or 503's Retry-After, in milliseconds, when it gave one. */
  retryAfterMs: number | null;
}

export interface HttpOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  method?: 'GET' | 'POST' | 'PUT';
  /** Read this much of the response body (an API's answer); a webhook's is never read. */
  readBytes?: number;
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * One request, with the policy's guarded DNS lookup, a hard timeout for the whole exchange, and no
 * redirects followed (a redirect is a failure: it could point anywhere).
 */
export function httpRequest(
  url: URL,
  body: string | null,
  headers: Record<string, string>,
  options: HttpOptions,
): Promise<HttpResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, text = '', retryAfter: number | null = null) => ({
    statusCode,
    error,
    latencyMs: Math.round(performance.now() - started),
    body: text,
    retryAfterMs: retryAfter,
  });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // net.connect skips `lookup` for an address literal: check it here.
  if (isIP(host) && !options.policy.trustsHost(host)) {
    const reason = options.policy.refusal(host);
    if (reason) return Promise.resolve(done(null, `refused: ${reason}`));
  }
  const client = url.protocol === 'https:' ? https : http;
  const limit = options.readBytes ?? 0;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: options.method ?? 'POST',
        headers: body === null ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: options.policy.lookup,
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const retryAfter = status === 429 || status === 503 ? retryAfterMs(res.headers['retry-after']) : null;
        const finish = (text: string) => {
          if (status >= 200 && status < 300) resolve(done(status, null, text));
          else if (status >= 300 && status < 400)
            resolve(done(status, `HTTP ${status}: redirects are not followed (set the URL to the final one)`, text));
          else resolve(done(status, `HTTP ${status}`, text, retryAfter));
        };
        if (limit === 0) {
          res.destroy();
          finish('');
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // A receiver cannot make us hold more than `limit`: the rest is dropped with the socket.
          chunks.push(chunk.subarray(0, Math.max(0, limit - size)));
          size += chunk.length;
          if (size >= limit) {
            res.destroy();
            finish(Buffer.concat(chunks).toString('utf8'));
          }
        });
        res.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => finish(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof AddressRefused || err.cause instanceof AddressRefused)
        resolve(done(null, `refused: ${(err instanceof AddressRefused ? err : (err.cause as Error)).message}`));
      else if (err.name === 'AbortError' || err.name === 'TimeoutError')
        resolve(done(null, `timed out after ${options.timeoutMs} ms`));
      else resolve(done(null, err.code ? `${err.code}: ${err.message}` : err.message));
    });
    req.end(body ?? undefined);
  });
}
