import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/config';
import { CoreModule } from './infra/core.module';
import { AuditModule } from './modules/audit/audit.module';
import { OrganizationsModule } from './modules/organizations/organizations.module';
import { RetentionModule } from './modules/retention/retention.module';

/** The admin command's context: the services it calls, no HTTP, no queue consumers. */
@Module({})
export class AdminModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AdminModule,
      imports: [CoreModule.forRoot(config, { logsTo: 'stderr' }), AuditModule, RetentionModule, OrganizationsModule],
    };
  }
}
