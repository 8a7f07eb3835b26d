import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AuditResolver } from './audit.resolver';
import { AuditRepository } from './audit.repository';
import { RefusalAuditService } from './refusal-audit.service';

/** Every module records its changes here: global, like logging. */
@Global()
@Module({
  imports: [AuthModule],
  providers: [AuditRepository, AuditResolver, RefusalAuditService],
  exports: [AuditRepository, RefusalAuditService],
})
export class AuditModule {}
