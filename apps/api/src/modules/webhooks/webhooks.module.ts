import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DELIVER_QUEUE } from '../../infra/queue/queues';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WebhookSenderService } from './webhook-sender.service';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [AuthModule, ClustersModule, BullModule.registerQueue({ name: DELIVER_QUEUE })],
  providers: [WebhooksRepository, WebhooksService, WebhookDispatcherService, WebhookSenderService, WebhooksResolver],
  exports: [WebhooksService, WebhookDispatcherService, WebhookSenderService, WebhooksRepository],
})
export class WebhooksModule {}
