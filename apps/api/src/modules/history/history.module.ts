import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { HistoryResolver } from './history.resolver';
import { HistoryRepository } from './history.repository';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [HistoryRepository, HistoryResolver],
})
export class HistoryModule {}
