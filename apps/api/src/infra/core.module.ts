import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { Options as PinoOptions } from 'pino-http';
import type { AppConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrismaModule } from './prisma/prisma.module';
import { queueConnection } from './queue/queues';
import { QueueConnectionErrors } from './redis/connection-errors';
import { RedisModule } from './redis/redis.module';
import { logRequest, logResponse } from './request-log';

const logOptions = (config: AppConfig): PinoOptions => ({
  level: config.logLevel,
  genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
  // Request lines carry an allow-list of headers (request-log.ts); the redaction below
  // still catches credentials in anything else a line includes.
  serializers: { req: logRequest, res: logResponse },
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', '*.token', '*.secret', '*.key'],
    censor: '[redacted]',
  },
  autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
});

const SHARED_QUEUE_CONNECTION = Symbol('SHARED_QUEUE_CONNECTION');

/** What both the API and the worker stand on: configuration, logs, Postgres, the queues and metrics. */
@Module({})
export class CoreModule {
  /** `logsTo: 'stderr'` for a command whose stdout is its result (the admin command). */
  static forRoot(config: AppConfig, options: { logsTo?: 'stdout' | 'stderr' } = {}): DynamicModule {
    const connection = queueConnection(config.redis);
    return {
      module: CoreModule,
      // A shared Cluster client is closed after the queues and workers that use it (their
      // modules are deeper, so Nest shuts them down first); BullMQ never closes what it was given.
      providers: [
        {
          provide: SHARED_QUEUE_CONNECTION,
          useValue: {
            onApplicationShutdown: async () => {
              if (connection instanceof Cluster) await connection.quit().catch(() => connection.disconnect());
            },
          },
        },
        QueueConnectionErrors,
      ],
      imports: [
        DiscoveryModule,
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: options.logsTo === 'stderr' ? [logOptions(config), pino.destination(2)] : logOptions(config),
        }),
        PrismaModule,
        RedisModule,
        BullModule.forRoot({ connection, prefix: config.redis.prefix }),
        MetricsModule,
      ],
    };
  }
}
