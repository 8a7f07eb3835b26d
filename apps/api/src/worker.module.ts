import { AuditModule } from './modules/audit/audit.module';
import { ResolvedFindingsRetentionService } from './modules/retention/resolved-findings-retention.service';
import { RetentionModule } from './modules/retention/retention.module';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AppConfig } from './config/config';
import { CoreModule } from './infra/core.module';
import { MaintenanceProcessor, MaintenanceScheduler } from './infra/maintenance/maintenance';
import { PartitionUpkeepService } from './infra/partitions/partition-upkeep.service';
import { PartitionsRepository } from './infra/partitions/partitions.repository';
import { MAINTENANCE_QUEUE } from './infra/queue/queues';
import { DeletionsRepository } from './modules/deletions/deletions.repository';
import { PurgeService } from './modules/deletions/purge.service';
import { EvaluationModule } from './modules/evaluation/evaluation.module';
import { EvaluateProcessor } from './modules/evaluation/jobs/evaluate.processor';
import { OutboxReconcilerService } from './modules/evaluation/jobs/outbox-reconciler.service';
import { SnapshotsModule } from './modules/snapshots/snapshots.module';
import { AlertMonitorService } from './modules/webhooks/alert-monitor.service';
import { DigestService } from './modules/webhooks/digest.service';
import { DeliverProcessor } from './modules/webhooks/jobs/deliver.processor';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/** The worker process: evaluations, webhook deliveries, the outbox reconciler, alert monitor, purge and
 * history partitions; no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config),
        DiscoveryModule,
        BullModule.registerQueue({ name: MAINTENANCE_QUEUE }),
        AuditModule,
        RetentionModule,
        EvaluationModule,
        SnapshotsModule,
        WebhooksModule,
      ],
      providers: [
        MaintenanceScheduler,
        MaintenanceProcessor,
        EvaluateProcessor,
        DeliverProcessor,
        OutboxReconcilerService,
        PartitionsRepository,
        PartitionUpkeepService,
        ResolvedFindingsRetentionService,
        AlertMonitorService,
        DigestService,
        DeletionsRepository,
        PurgeService,
      ],
    };
  }
}
