import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { OrgScope } from '../auth/scope';
import { effectiveRetentionDays, partitionRetentionDays, retainedSince } from './retention';
import { RetentionRepository } from './retention.repository';

/**
 * From when an organisation's history is readable. Every read of history clips to it, so a
 * shorter choice takes effect at once; the rows themselves go when their partition is dropped,
 * at the longest retention any organisation keeps.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly retention: RetentionRepository,
  ) {}

  async days(organizationId: OrgScope): Promise<number> {
    return effectiveRetentionDays(await this.retention.chosen(organizationId), this.config.retention.history);
  }

  async since(organizationId: OrgScope, now = new Date()): Promise<Date> {
    return retainedSince(now, await this.days(organizationId));
  }

  /** Days history partitions are kept (partition upkeep). */
  async partitionDays(): Promise<number> {
    return partitionRetentionDays(this.config.retention.history, await this.retention.longestChosen());
  }
}
