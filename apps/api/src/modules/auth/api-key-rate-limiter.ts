import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../../infra/redis/connection';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RequestBudget } from '../../infra/rate-limit';
import { REDIS } from '../../infra/redis/redis.module';
import { AuthError } from './auth.errors';

/** Per-API-key budget of GraphQL requests (`API_KEY_RATE_PER_MINUTE`). */
@Injectable()
export class ApiKeyRateLimiter extends RequestBudget {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient) {
    super(redis, 'api-key-rate', config.graphql.ratePerMinute, (s) => AuthError.rateLimited(s));
  }
}
