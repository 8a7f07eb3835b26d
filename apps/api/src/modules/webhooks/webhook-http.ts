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

/**
 * One POST, with the policy's guarded DNS lookup, a hard timeout for the whole exchange, and no
 * redirects followed (a redirect is a failure: it could point anywhere). The response body is
 * not read beyond what the socket already holds.
 */
export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { policy: AddressPolicy; timeoutMs: number },
): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    statusCode,
    error,
    latencyMs: Math.round(performance.now() - started),
  });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // net.connect skips `lookup` for an address literal: check it here.
  if (isIP(host) && !options.policy.trustsHost(host)) {
    const reason = options.policy.refusal(host);
    if (reason) return Promise.resolve(done(null, `refused: ${reason}`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: options.policy.lookup,
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.destroy();
        if (status >= 200 && status < 300) resolve(done(status, null));
        else if (status >= 300 && status < 400)
          resolve(done(status, `HTTP ${status}: redirects are not followed (set the endpoint to the final URL)`));
        else resolve(done(status, `HTTP ${status}`));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof AddressRefused || err.cause instanceof AddressRefused)
        resolve(done(null, `refused: ${(err instanceof AddressRefused ? err : (err.cause as Error)).message}`));
      else if (err.name === 'AbortError' || err.name === 'TimeoutError')
        resolve(done(null, `timed out after ${options.timeoutMs} ms`));
      else resolve(done(null, err.code ? `${err.code}: ${err.message}` : err.message));
    });
    req.end(body);
  });
}
