import { AuditModule } from './modules/audit/audit.module';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/config';
import { CoreModule } from './infra/core.module';
import { DeletionsRepository } from './modules/deletions/deletions.repository';
import { PurgeService } from './modules/deletions/purge.service';
import { EvaluationModule } from './modules/evaluation/evaluation.module';
import { EvaluateProcessor } from './modules/evaluation/jobs/evaluate.processor';
import { OutboxReconcilerService } from './modules/evaluation/jobs/outbox-reconciler.service';
import { SnapshotRetentionService } from './modules/snapshots/snapshot-retention.service';
import { SnapshotsModule } from './modules/snapshots/snapshots.module';
import { AlertMonitorService } from './modules/webhooks/alert-monitor.service';
import { DeliverProcessor } from './modules/webhooks/jobs/deliver.processor';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/** The worker process: evaluations, webhook deliveries, the outbox reconciler, alert monitor and purge; no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), AuditModule, EvaluationModule, SnapshotsModule, WebhooksModule],
      providers: [
        EvaluateProcessor,
        DeliverProcessor,
        OutboxReconcilerService,
        SnapshotRetentionService,
        AlertMonitorService,
        DeletionsRepository,
        PurgeService,
      ],
    };
  }
}
