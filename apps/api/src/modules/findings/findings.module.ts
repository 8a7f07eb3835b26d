import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { FindingsRepository } from './findings.repository';
import { FindingsResolver } from './findings.resolver';
import { FindingsService } from './findings.service';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [FindingsRepository, FindingsService, FindingsResolver],
})
export class FindingsModule {}
