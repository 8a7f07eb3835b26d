import http from 'node:http';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as sent (gzip or not). */
  raw: Buffer;
  /** The body decoded (gunzipped when sent gzipped). */
  text: string;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A stand-in for the Kubeward ingest API that records what the agent sends. Each request gets
 * the next scripted reply, then `fallback` (by default, what the real API answers).
 */
export class IngestReceiver {
  readonly received: Received[] = [];
  readonly script: Reply[] = [];
  fallback = (r: Received): Reply =>
    r.path === '/v1/heartbeat'
      ? { status: 200, body: { status: 'ok' } }
      : { status: 202, body: { status: 'accepted' } };
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        const r: Received = { path: req.url ?? '/', headers: req.headers, raw, text };
        this.received.push(r);
        const reply = this.script.shift() ?? this.fallback(r);
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  snapshots(): Received[] {
    return this.received.filter((r) => r.path === '/v1/snapshots');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A pino-compatible logger that keeps every line, to check what was (and was not) logged. */
export function memoryLog() {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  return { log, lines, text: () => lines.join('') };
}
