import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { FindingsModule } from '../findings/findings.module';
import { ComplianceExportController } from './compliance-export.controller';
import { ComplianceRepository } from './compliance.repository';
import { ComplianceResolver, ControlResultResolver } from './compliance.resolver';
import { ComplianceService } from './compliance.service';
import { FrameworksResolver } from './frameworks.resolver';

@Module({
  imports: [AuthModule, ClustersModule, FindingsModule],
  controllers: [ComplianceExportController],
  providers: [ComplianceRepository, ComplianceService, ComplianceResolver, ControlResultResolver, FrameworksResolver],
})
export class ComplianceModule {}
