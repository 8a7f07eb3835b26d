import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { ClustersRepository } from './clusters.repository';
import { ClustersResolver } from './clusters.resolver';
import { ClustersService } from './clusters.service';

@Module({
  imports: [AuthModule, SnapshotsModule],
  providers: [ClustersRepository, ClustersService, ClustersResolver],
  exports: [ClustersService],
})
export class ClustersModule {}
