import { Module } from '@nestjs/common';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';

@Module({ providers: [ClustersRepository, ClustersService], exports: [ClustersService] })
export class ClustersModule {}
