import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { CreateWebhookEndpointInput, WebhookEndpointCreated } from './dto/webhook-endpoint.object';
import { WebhooksService } from './webhooks.service';

@Resolver()
@UseGuards(ApiKeyGuard)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Mutation(() => WebhookEndpointCreated, {
    description: 'Creates a webhook endpoint; returns its signing secret once. Admins.',
  })
  @RequireRole('ADMIN')
  createWebhookEndpoint(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The endpoint.' }) input: CreateWebhookEndpointInput,
  ): Promise<WebhookEndpointCreated> {
    return this.webhooks.createEndpoint(principal.organizationId, input);
  }
}
