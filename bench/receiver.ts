import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A customer's webhook endpoint on this machine: verifies each delivery's Standard Webhooks
 * signature and notes when it came — in order, and per cluster and snapshot time.
 */
/** A bench stack for busy agents whose webhooks go to a `SignedReceiver` on this machine. */
export const RECEIVER_STACK_ENV = {
  LOG_LEVEL: 'warn',
  INGEST_RATE_PER_MINUTE: '1000000',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
};

export class SignedReceiver {
  secret = '';
  /** When each verified message arrived (performance.now()), in order. */
  readonly arrivals: number[] = [];
  /** When the first message of each evaluation arrived, by `<cluster id>/<collectedAt>`. */
  readonly arrived = new Map<string, number>();
  unverified = 0;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      try {
        const message = new Webhook(this.secret).verify(
          Buffer.concat(chunks).toString('utf8'),
          req.headers as Record<string, string>,
        ) as { data: { cluster?: { id: string }; evaluation?: { collectedAt: string } } };
        this.arrivals.push(at);
        const key = `${message.data.cluster?.id}/${message.data.evaluation?.collectedAt}`;
        if (!this.arrived.has(key)) this.arrived.set(key, at);
      } catch {
        this.unverified++;
      }
      res.writeHead(204).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
