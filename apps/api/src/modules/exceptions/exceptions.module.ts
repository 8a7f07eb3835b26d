import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { ExceptionsResolver } from './exceptions.resolver';
import { ExceptionsRepository } from './exceptions.repository';
import { ExceptionsService } from './exceptions.service';

@Module({
  imports: [AuthModule, ClustersModule],
  providers: [ExceptionsRepository, ExceptionsService, ExceptionsResolver],
  exports: [ExceptionsService],
})
export class ExceptionsModule {}
