import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { FindingsRepository } from './findings.repository';
import { FindingsResolver } from './findings.resolver';
import { FindingsService } from './findings.service';
import { FindingsExportController } from './findings-export.controller';

@Module({
  imports: [AuthModule, ClustersModule],
  controllers: [FindingsExportController],
  providers: [FindingsRepository, FindingsService, FindingsResolver],
  exports: [FindingsService],
})
export class FindingsModule {}
