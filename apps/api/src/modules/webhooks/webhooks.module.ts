import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DELIVER_QUEUE } from '../../infra/queue/queues';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WebhookSenderService } from './webhook-sender.service';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [BullModule.registerQueue({ name: DELIVER_QUEUE })],
  providers: [WebhooksRepository, WebhooksService, WebhookDispatcherService, WebhookSenderService],
  exports: [WebhooksService, WebhookDispatcherService, WebhookSenderService],
})
export class WebhooksModule {}
