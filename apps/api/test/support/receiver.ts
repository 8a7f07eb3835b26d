import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real local HTTP server standing in for a customer's webhook endpoint. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Status to answer with; change it to simulate an endpoint that fails. */
  status = 204;
  /** Answer every request with a 302 to here instead. */
  redirectTo?: string;
  /** Never answer (the sender's timeout must end the attempt). */
  hang = false;
  private port = 0;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A sender that gives up mid-request (its timeout) is not the receiver's failure.
    req.on('error', () => undefined);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (this.hang) return;
      if (this.redirectTo) res.writeHead(302, { location: this.redirectTo }).end();
      else res.writeHead(this.status).end();
    });
  });

  /** Any loopback address works on Linux: 127.0.0.2 lets tests allow-list one and refuse 127.0.0.1. */
  constructor(private readonly host = '127.0.0.1') {}

  /** Listens (again, on the same port after stop(): the endpoint comes back up). */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject).listen(this.port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://${this.host}:${this.port}/hooks`;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
