import type { RedisClient } from './redis/connection';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { DomainError } from './errors';

/**
 * A per-key request budget per minute, shared by every API instance through Redis. When Redis is
 * away it is kept per instance in memory: the API must keep answering, and a limit per instance
 * is better than none.
 */
export class RequestBudget {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: RedisClient,
    prefix: string,
    perMinute: number,
    private readonly exceeded: (retryAfterSeconds: number) => DomainError,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: prefix,
      points: perMinute,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: prefix, points: perMinute, duration: 60 }),
    });
  }

  /** Spends one request of the key's budget, or throws the `exceeded` error with when to retry. */
  async consume(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw this.exceeded(Math.ceil(err.msBeforeNext / 1000));
      throw err;
    }
  }
}
