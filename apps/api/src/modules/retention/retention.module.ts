import { Global, Module } from '@nestjs/common';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Every read of history clips to its organisation's retention: global, like the audit log. */
@Global()
@Module({
  providers: [RetentionRepository, RetentionService],
  exports: [RetentionService, RetentionRepository],
})
export class RetentionModule {}
