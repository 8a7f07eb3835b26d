import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsService } from './metrics.service';

/**
 * /metrics for Prometheus and /healthz, on a port of their own (`METRICS_PORT`), in the API and the
 * worker alike: never on the API's public port, where anyone could read cross-tenant counts.
 */
@Injectable()
export class MetricsHttpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsHttpService.name);
  private readonly server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      this.metrics.scrape().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    } else if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else res.writeHead(404).end();
  });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.http.metricsPort, this.config.http.host, resolve);
    });
    this.logger.log({ port: this.port }, 'metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
