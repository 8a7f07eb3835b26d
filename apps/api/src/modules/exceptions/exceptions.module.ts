import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { ExceptionsResolver } from './exceptions.resolver';
import { ExceptionsService } from './exceptions.service';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [ExceptionsService, ExceptionsResolver],
  exports: [ExceptionsService],
})
export class ExceptionsModule {}
