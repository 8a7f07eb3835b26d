import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DeletionsRepository } from './deletions.repository';
import { DeletionsResolver } from './deletions.resolver';
import { DeletionsService } from './deletions.service';

/** Hiding deleted clusters and organisations at once; PurgeService (worker) removes their data. */
@Module({
  imports: [AuthModule],
  providers: [DeletionsRepository, DeletionsService, DeletionsResolver],
  exports: [DeletionsRepository],
})
export class DeletionsModule {}
