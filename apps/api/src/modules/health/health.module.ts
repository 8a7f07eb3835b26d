import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EVALUATE_QUEUE } from '../../infra/queue/queues';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';

@Module({
  imports: [BullModule.registerQueue({ name: EVALUATE_QUEUE })],
  controllers: [HealthController],
  providers: [HealthRepository],
})
export class HealthModule {}
