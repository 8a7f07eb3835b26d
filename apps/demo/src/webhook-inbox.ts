import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  id: string;
  verified: boolean;
  summary: string;
}

/** The demo's stand-in for a customer's webhook endpoint: verifies each signature it receives. */
export class WebhookInbox {
  secret?: string;
  readonly received: Delivery[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      let summary: string;
      try {
        const payload = new Webhook(this.secret ?? '').verify(body, req.headers as Record<string, string>) as {
          type: string;
          data: {
            events?: string[];
            posture?: { previousScore: number; score: number };
            counts?: Record<string, number>;
            findings?: { rule: { id: string }; resource: { name: string } }[];
          };
        };
        verified = true;
        if (!payload.data.findings) throw new Error(`not a findings message: ${payload.type}`);
        const counts = Object.entries(payload.data.counts ?? {})
          .filter(([, n]) => n > 0)
          .map(([event, n]) => `${n} ${event}`)
          .join(', ');
        const shown = payload.data.findings.slice(0, 4).map((f) => `${f.rule.id} on ${f.resource.name}`);
        const more = payload.data.findings.length - shown.length;
        const posture = payload.data.events?.includes('posture.degraded')
          ? `, posture.degraded (${payload.data.posture!.previousScore} → ${payload.data.posture!.score})`
          : '';
        summary = `${payload.type}: ${counts}${posture} — ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
      } catch (err) {
        summary = `signature NOT verified: ${(err as Error).message}`;
      }
      this.received.push({ id: String(req.headers['webhook-id']), verified, summary });
      res.writeHead(204).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/kubeward`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
