import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrismaModule } from './prisma/prisma.module';
import { redisConnection } from './queue/queues';
import { RedisModule } from './redis/redis.module';
import { logRequest, logResponse } from './request-log';

/** What both the API and the worker stand on: configuration, logs, Postgres, the queues and metrics. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
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
          },
        }),
        PrismaModule,
        RedisModule,
        BullModule.forRoot({ connection: redisConnection(config.redis.url), prefix: config.redis.prefix }),
        MetricsModule,
      ],
    };
  }
}
