import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { HistoryResolver } from './history.resolver';
import { HistoryService } from './history.service';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [HistoryService, HistoryResolver],
})
export class HistoryModule {}
