import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../../infra/redis/connection';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RequestBudget } from '../../infra/rate-limit';
import { REDIS } from '../../infra/redis/redis.module';
import { IngestError } from './ingest.errors';

/** Per-cluster request budget for ingest (`INGEST_RATE_PER_MINUTE`). */
@Injectable()
export class IngestRateLimiter extends RequestBudget {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient) {
    super(redis, 'ingest-rate', config.ingest.ratePerMinute, (s) => IngestError.rateLimited(s));
  }
}
