import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EVALUATE_QUEUE } from '../../infra/queue/queues';
import { SnapshotOutboxService } from './snapshot-outbox.service';
import { SnapshotsRepository } from './snapshots.repository';

@Module({
  imports: [BullModule.registerQueue({ name: EVALUATE_QUEUE })],
  providers: [SnapshotsRepository, SnapshotOutboxService],
  exports: [SnapshotsRepository, SnapshotOutboxService],
})
export class SnapshotsModule {}
