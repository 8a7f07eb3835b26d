import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { AccessRepository } from './access.repository';
import { AccessResolver } from './access.resolver';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [AccessRepository, AccessResolver],
})
export class AccessModule {}
