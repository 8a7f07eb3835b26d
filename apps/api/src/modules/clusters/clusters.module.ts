import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DeletionsModule } from '../deletions/deletions.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { ClustersRepository } from './clusters.repository';
import { ClusterRegistrationResolver, ClustersResolver, TokenRotationResolver } from './clusters.resolver';
import { ClustersService } from './clusters.service';
import { ReevaluationRateLimiter } from './reevaluation-rate-limiter';
import { TeamsRepository } from './teams.repository';
import { TeamsResolver } from './teams.resolver';
import { TeamsService } from './teams.service';

@Module({
  imports: [AuthModule, SnapshotsModule, DeletionsModule],
  providers: [
    ClustersRepository,
    ClustersService,
    ClustersResolver,
    ClusterRegistrationResolver,
    TokenRotationResolver,
    ReevaluationRateLimiter,
    TeamsRepository,
    TeamsService,
    TeamsResolver,
  ],
  exports: [ClustersService, TeamsService],
})
export class ClustersModule {}
