import { BullModule } from '@nestjs/bullmq';
import { Controller, Get, Global, Module, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DELIVER_QUEUE, EVALUATE_QUEUE } from '../queue/queues';
import { MetricsService } from './metrics.service';

/** GET /metrics on the API (the worker serves the same from its own small server). */
@Controller()
export class MetricsController {
  constructor(private readonly metricsService: MetricsService) {}

  @Get('metrics')
  async metrics(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metricsService.scrape();
    res.type(contentType).send(body);
  }
}

@Global()
@Module({
  imports: [BullModule.registerQueue({ name: EVALUATE_QUEUE }, { name: DELIVER_QUEUE })],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
