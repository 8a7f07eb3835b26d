import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ExceptionsResolver } from './exceptions.resolver';
import { ExceptionsService } from './exceptions.service';

@Module({
  imports: [AuthModule],
  providers: [ExceptionsService, ExceptionsResolver],
  exports: [ExceptionsService],
})
export class ExceptionsModule {}
