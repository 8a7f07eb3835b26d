import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../../infra/redis/connection';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { RequestBudget } from '../../infra/rate-limit';
import { REDIS } from '../../infra/redis/redis.module';
import { ClusterError } from './clusters.errors';

/** Re-evaluations one cluster may be asked for per minute (`REEVALUATIONS_PER_MINUTE`): each is a full evaluation. */
@Injectable()
export class ReevaluationRateLimiter extends RequestBudget {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient) {
    super(redis, 'reevaluations', config.clusters.reevaluationsPerMinute, (s) => ClusterError.reevaluationsLimited(s));
  }
}
