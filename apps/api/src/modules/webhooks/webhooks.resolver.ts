import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DeliveryStatus } from '../../generated/prisma/enums';
import { pageSize, timeIdCursor, toConnection } from '../../infra/graphql/pagination';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import type { JiraSettings } from './destinations/jira';
import {
  CreateAlertDestinationInput,
  CreateWebhookEndpointInput,
  JiraSettingsObject,
  UpdateWebhookEndpointInput,
  WebhookDeliveryConnection,
  WebhookEndpointObject,
  WebhookEndpointSecret,
  WebhookTestResult,
} from './dto/webhook-endpoint.object';
import { WebhooksService } from './webhooks.service';

/** Endpoints and their logs are admins' business: URLs of chat hooks are credentials. */
@Resolver()
@UseGuards(ApiKeyGuard)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Query(() => [WebhookEndpointObject], { description: "The organisation's webhook endpoints, oldest first. Admins." })
  @RequireRole('ADMIN')
  webhookEndpoints(@CurrentPrincipal() principal: Principal): Promise<WebhookEndpointObject[]> {
    return this.webhooks.list(principal);
  }

  @Query(() => WebhookDeliveryConnection, {
    description: "An endpoint's delivery log, newest first, with every attempt. Admins.",
  })
  @RequireRole('ADMIN')
  async webhookDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Args('endpointId', { type: () => ID, description: 'The endpoint.' }) endpointId: string,
    @Args('status', { type: () => DeliveryStatus, nullable: true, description: 'Only deliveries in this state.' })
    status?: DeliveryStatus,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size: 1 to 200, 50 by default.' })
    first?: number,
    @Args('after', { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ): Promise<WebhookDeliveryConnection> {
    const limit = pageSize(first);
    const rows = await this.webhooks.deliveries(
      principal,
      endpointId,
      limit + 1,
      timeIdCursor(after, 'deliveries'),
      status,
    );
    return toConnection(
      rows,
      limit,
      'deliveries',
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => ({
        ...r,
        webhookId: r.messageId,
        type: r.message?.type ?? 'unknown',
        payload: r.sent as Record<string, unknown> | null,
      }),
    );
  }

  @Mutation(() => WebhookEndpointSecret, {
    description: 'Creates a webhook endpoint; returns its signing secret once. Admins.',
  })
  @RequireRole('ADMIN')
  createWebhookEndpoint(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The endpoint.' }) input: CreateWebhookEndpointInput,
  ): Promise<WebhookEndpointSecret> {
    return this.webhooks.create(principal, input);
  }

  @Mutation(() => WebhookEndpointObject, {
    description:
      'Creates a Slack, Teams, PagerDuty, Jira or mail destination, delivered like webhooks (retries, log, test). Admins.',
  })
  @RequireRole('ADMIN')
  createAlertDestination(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The destination.' }) input: CreateAlertDestinationInput,
  ): Promise<WebhookEndpointObject> {
    return this.webhooks.createDestination(principal, input);
  }

  @Mutation(() => WebhookEndpointObject, { description: 'Changes a webhook endpoint or alert destination. Admins.' })
  @RequireRole('ADMIN')
  updateWebhookEndpoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The endpoint.' }) id: string,
    @Args('input', { description: 'What to change.' }) input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpointObject> {
    return this.webhooks.update(principal, id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a webhook endpoint and its delivery log. Admins.' })
  @RequireRole('ADMIN')
  deleteWebhookEndpoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The endpoint.' }) id: string,
  ): Promise<boolean> {
    return this.webhooks.delete(principal, id);
  }

  @Mutation(() => WebhookEndpointSecret, {
    description:
      'Issues a new signing secret, returned once; deliveries carry signatures with both secrets for the grace period (24 h by default). Admins.',
  })
  @RequireRole('ADMIN')
  rotateWebhookSecret(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The endpoint.' }) id: string,
  ): Promise<WebhookEndpointSecret> {
    return this.webhooks.rotateSecret(principal, id);
  }

  @Mutation(() => ID, {
    description: 'Sends a delivery again with the same webhook-id, with fresh retries; returns its id. Admins.',
  })
  @RequireRole('ADMIN')
  redeliverWebhook(
    @CurrentPrincipal() principal: Principal,
    @Args('deliveryId', { type: () => ID, description: 'The delivery.' }) deliveryId: string,
  ): Promise<string> {
    return this.webhooks.redeliver(principal, deliveryId);
  }

  @Mutation(() => WebhookTestResult, {
    description: 'Sends a signed webhook.test message now, once, and tells how it went. Admins.',
  })
  @RequireRole('ADMIN')
  async testWebhookEndpoint(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The endpoint.' }) id: string,
  ): Promise<WebhookTestResult> {
    const result = await this.webhooks.test(principal, id);
    return { ...result, succeeded: result.error === null };
  }
}

/** Fields of an endpoint that are not columns. */
@Resolver(() => WebhookEndpointObject)
export class WebhookEndpointFieldsResolver {
  @ResolveField(() => JiraSettingsObject, { nullable: true })
  jira(@Parent() endpoint: { kind: string; settings?: unknown }): JiraSettingsObject | null {
    return endpoint.kind === 'JIRA' ? (endpoint.settings as JiraSettings) : null;
  }
}
