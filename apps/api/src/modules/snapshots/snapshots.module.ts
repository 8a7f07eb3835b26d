import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EVALUATE_QUEUE } from '../../infra/queue/queues';
import { SnapshotOutboxService } from './snapshot-outbox.service';
import { SnapshotRetentionService } from './snapshot-retention.service';
import { SnapshotsRepository } from './snapshots.repository';

@Module({
  imports: [BullModule.registerQueue({ name: EVALUATE_QUEUE })],
  providers: [SnapshotsRepository, SnapshotOutboxService],
  exports: [SnapshotsRepository, SnapshotOutboxService],
  // SnapshotRetentionService is provided by the worker only (WorkerModule).
})
export class SnapshotsModule {}
