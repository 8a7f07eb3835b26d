import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { REDIS } from '../../infra/redis/redis.module';
import { IngestError } from './ingest.errors';

/**
 * Per-cluster request budget for ingest, shared by every API instance through Redis. When Redis
 * is away the limit is kept per instance in memory: ingest must keep accepting (the outbox holds
 * what it accepts), and a limit per instance is better than none.
 */
@Injectable()
export class IngestRateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: Redis) {
    const points = config.ingest.ratePerMinute;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'ingest-rate',
      points,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'ingest-rate', points, duration: 60 }),
    });
  }

  /** Spends one request of the cluster's budget, or throws RATE_LIMITED with when to retry. */
  async consume(clusterId: string): Promise<void> {
    try {
      await this.limiter.consume(clusterId);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw IngestError.rateLimited(Math.ceil(err.msBeforeNext / 1000));
      throw err;
    }
  }
}
