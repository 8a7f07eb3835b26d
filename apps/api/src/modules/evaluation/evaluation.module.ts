import { Module } from '@nestjs/common';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ClusterStateCache } from './cluster-state-cache';
import { EvaluationCarryCache } from './evaluation-carry-cache';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationService } from './evaluation.service';

@Module({
  imports: [ExceptionsModule, SnapshotsModule, WebhooksModule],
  providers: [ClusterStateCache, EvaluationCarryCache, EvaluationRepository, EvaluationService],
  exports: [EvaluationService],
})
export class EvaluationModule {}
