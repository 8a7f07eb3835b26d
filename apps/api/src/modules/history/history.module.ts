import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { HistoryResolver } from './history.resolver';
import { HistoryRepository } from './history.repository';
import { PostureRepository } from './posture.repository';
import { PostureResolver } from './posture.resolver';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [HistoryRepository, HistoryResolver, PostureRepository, PostureResolver],
})
export class HistoryModule {}
