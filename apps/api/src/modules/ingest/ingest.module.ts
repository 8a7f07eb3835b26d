import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ClustersModule } from '../clusters/clusters.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { IngestController } from './ingest.controller';
import { IngestRateLimiter } from './ingest-rate-limiter';
import { IngestService } from './ingest.service';
import { MemoryBudget } from './memory-budget';
import { SnapshotValidator } from './snapshot-validator';

@Module({
  imports: [ClustersModule, SnapshotsModule],
  controllers: [IngestController],
  providers: [
    IngestService,
    IngestRateLimiter,
    SnapshotValidator,
    {
      provide: MemoryBudget,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new MemoryBudget(config.ingest.memoryBudgetBytes),
    },
  ],
})
export class IngestModule {}
