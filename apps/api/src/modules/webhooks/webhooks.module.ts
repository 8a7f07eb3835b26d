import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MailModule } from '../../infra/mail/mail.module';
import { DELIVER_QUEUE } from '../../infra/queue/queues';
import { WebhookDispatcherService } from './webhook-dispatcher.service';
import { WebhookSenderService } from './webhook-sender.service';
import { AuthModule } from '../auth/auth.module';
import { ClustersModule } from '../clusters/clusters.module';
import { WebhooksRepository } from './webhooks.repository';
import { WebhookEndpointFieldsResolver, WebhooksResolver } from './webhooks.resolver';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [AuthModule, ClustersModule, MailModule, BullModule.registerQueue({ name: DELIVER_QUEUE })],
  providers: [
    WebhooksRepository,
    WebhooksService,
    WebhookDispatcherService,
    WebhookSenderService,
    WebhooksResolver,
    WebhookEndpointFieldsResolver,
  ],
  exports: [WebhooksService, WebhookDispatcherService, WebhookSenderService, WebhooksRepository],
})
export class WebhooksModule {}
