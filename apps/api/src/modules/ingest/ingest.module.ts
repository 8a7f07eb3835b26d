import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { IngestController } from './ingest.controller';
import { IngestRateLimiter } from './ingest-rate-limiter';
import { IngestService } from './ingest.service';
import { SnapshotValidator } from './snapshot-validator';

@Module({
  imports: [ClustersModule, SnapshotsModule],
  controllers: [IngestController],
  providers: [IngestService, IngestRateLimiter, SnapshotValidator],
})
export class IngestModule {}
