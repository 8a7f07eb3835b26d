import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FindingsRepository } from './findings.repository';
import { FindingsResolver } from './findings.resolver';
import { FindingsService } from './findings.service';

@Module({
  imports: [AuthModule],
  providers: [FindingsRepository, FindingsService, FindingsResolver],
})
export class FindingsModule {}
