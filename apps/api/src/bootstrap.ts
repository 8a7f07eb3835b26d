import 'reflect-metadata';
import { type INestApplication, type INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hostname } from 'node:os';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { DomainErrorFilter } from './infra/http/domain-error.filter';
import { securityHeaders } from './infra/http/security-headers';
import { checkDependencies } from './infra/startup-checks';
import { WorkerModule } from './worker.module';

/**
 * The process on its database connections, as `<role>/<pid>@<host>` (the host is the pod in
 * Kubernetes), so that pg_stat_activity says which replica holds which lock or runs which query.
 * PostgreSQL keeps 63 bytes: a long host name is cut, never the role.
 */
const named = (config: AppConfig, role: string): AppConfig => ({
  ...config,
  database: { ...config.database, applicationName: `${role}/${process.pid}@${hostname()}` },
});

/** The API, configured and listening. Used by main.ts, the tests and the demo alike. */
export async function createApi(config: AppConfig, options: { listen?: boolean } = {}): Promise<INestApplication> {
  await checkDependencies(config);
  // The ingest endpoint reads its own body (gzip, size limit); GraphQL's is read by its gate (AuthModule).
  const app = await NestFactory.create(AppModule.forRoot(named(config, 'kubeward-api')), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // The client's address (per-address limits, logs) from X-Forwarded-For only through trusted hops.
  app.getHttpAdapter().getInstance().set('trust proxy', config.http.trustProxy);
  app.use(securityHeaders());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  // Idle keep-alive connections outlive a load balancer's (60 s is common): otherwise the server
  // may close one just as a client sends on it, and the client sees its request fail.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  if (options.listen ?? true) await app.listen(config.http.port, config.http.host);
  else await app.init();
  return app;
}

/**
 * Nest closes gracefully on SIGTERM (each process finishes what it holds); should closing hang on
 * a dependency that is gone, the process exits anyway once SHUTDOWN_GRACE_SECONDS have passed,
 * before the orchestrator's own grace period kills it mid-write.
 */
export function exitAfterGrace(config: AppConfig): void {
  process.once('SIGTERM', () => setTimeout(() => process.exit(1), config.shutdownGraceMs).unref());
}

/** The worker: consumes the queues until closed. */
export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  await checkDependencies(config);
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(named(config, 'kubeward-worker')), {
    bufferLogs: true,
  });
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();
  await worker.init();
  // Its hooks wait for Redis and PostgreSQL: this line says the worker is consuming.
  new NestLogger('Worker').log('worker started');
  return worker;
}
