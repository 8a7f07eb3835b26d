import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class HttpTimeoutError extends Error {
  override name = 'HttpTimeoutError';
}

export interface HttpRequest extends https.RequestOptions {
  body?: Buffer;
  timeoutMs: number;
  /** Larger answers are cut off and refused: what the agent reads is bounded before it is held. */
  maxBytes?: number;
  /** For error messages: what was asked (never a credential). */
  what: string;
}

/**
 * One HTTP(S) request with node:http, its whole answer read as text. Not `fetch`: it loads undici
 * and compiles its WebAssembly parser, which costs the agent ~20 MiB at its peak (docs/benchmarks.md).
 */
export function httpRequest(
  url: URL,
  { body, timeoutMs, maxBytes = Infinity, what, ...options }: HttpRequest,
): Promise<HttpAnswer> {
  // A length, not a chunked upload: proxies and the API's limits see the size before the body.
  const headers = body
    ? { 'content-length': body.length, ...(options.headers as http.OutgoingHttpHeaders) }
    : options.headers;
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { ...options, headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > maxBytes) request.destroy(new Error(`${what}: the answer is larger than ${maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer = setTimeout(() => {
      request.destroy(new HttpTimeoutError(`${what} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });
}
