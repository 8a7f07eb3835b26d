import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { RefusalAuditService } from './refusal-audit.service';

/** Every module records its changes here: global, like logging. */
@Global()
@Module({
  imports: [AuthModule],
  providers: [AuditService, AuditResolver, RefusalAuditService],
  exports: [AuditService, RefusalAuditService],
})
export class AuditModule {}
