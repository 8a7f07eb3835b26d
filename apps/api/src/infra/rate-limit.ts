import type { RedisClient } from './redis/connection';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { DomainError } from './errors';

/**
 * A limiter shared by every instance through Redis, `points` per key per `durationSeconds`; while
 * Redis is away it counts per instance in memory (a limit per instance is better than none).
 */
export function sharedLimiter(redis: RedisClient, keyPrefix: string, points: number, durationSeconds: number) {
  const options = { keyPrefix, points, duration: durationSeconds };
  return new RateLimiterRedis({ storeClient: redis, ...options, insuranceLimiter: new RateLimiterMemory(options) });
}

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
    this.limiter = sharedLimiter(redis, prefix, perMinute, 60);
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
