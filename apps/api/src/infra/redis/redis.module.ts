import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { redisClient, type RedisClient } from './connection';
import { logConnectionErrors } from './connection-errors';

export const REDIS = Symbol('REDIS');

/**
 * A Redis client for request-time work (rate limits). Unlike the queues' connections it fails
 * fast when Redis is away: a request must never wait for Redis to come back.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const redis = redisClient(config.redis, {
          keyPrefix: `${config.redis.prefix}:`,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2_000,
        });
        logConnectionErrors(redis, new Logger('redis'));
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
