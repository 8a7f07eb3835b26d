import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DELIVER_QUEUE, EVALUATE_QUEUE } from '../queue/queues';
import { MetricsHttpService } from './metrics-http.service';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** Metrics for both processes, served on their own port by MetricsHttpService. */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: EVALUATE_QUEUE }, { name: DELIVER_QUEUE })],
  providers: [MetricsRepository, MetricsService, MetricsHttpService],
  exports: [MetricsService, MetricsHttpService],
})
export class MetricsModule {}
