import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DeletionsModule } from '../deletions/deletions.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { ClustersRepository } from './clusters.repository';
import { ClusterRegistrationResolver, ClustersResolver } from './clusters.resolver';
import { ClustersService } from './clusters.service';
import { ReevaluationRateLimiter } from './reevaluation-rate-limiter';

@Module({
  imports: [AuthModule, SnapshotsModule, DeletionsModule],
  providers: [
    ClustersRepository,
    ClustersService,
    ClustersResolver,
    ClusterRegistrationResolver,
    ReevaluationRateLimiter,
  ],
  exports: [ClustersService],
})
export class ClustersModule {}
