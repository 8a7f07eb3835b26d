import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../../generated/prisma/enums';

@ObjectType('WebhookEndpoint', { description: 'Where alerts are sent, and which ones.' })
export class WebhookEndpointObject {
  @Field(() => ID, { description: 'Id of the endpoint.' })
  id!: string;

  @Field({ description: 'The https URL deliveries are POSTed to.' })
  url!: string;

  @Field({ description: 'What this endpoint is for.' })
  description!: string;

  @Field(() => [String], { description: 'Event types delivered, e.g. finding.opened.' })
  eventTypes!: string[];

  @Field(() => Severity, { description: 'Findings below this severity are not delivered.' })
  minSeverity!: Severity;

  @Field(() => [ID], { description: 'Only these clusters; empty means all.' })
  clusterIds!: string[];

  @Field({ description: 'Whether findings on platform components are delivered.' })
  includePlatform!: boolean;

  @Field({ description: 'Disabled endpoints receive nothing.' })
  enabled!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When it was created.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A new endpoint and its signing secret, shown this once.' })
export class WebhookEndpointCreated {
  @Field(() => WebhookEndpointObject, { description: 'The endpoint.' })
  endpoint!: WebhookEndpointObject;

  @Field({ description: 'The Standard Webhooks signing secret (whsec_…). Store it now: it is never shown again.' })
  secret!: string;
}

@InputType({ description: 'A webhook endpoint to create.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'The https URL to POST deliveries to.' })
  url!: string;

  @Field({ nullable: true, description: 'What this endpoint is for.' })
  description?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Event types to deliver; default finding.opened and finding.reopened.',
  })
  eventTypes?: string[];

  @Field(() => Severity, { nullable: true, description: 'Minimum severity to deliver; default LOW.' })
  minSeverity?: Severity;

  @Field(() => [ID], { nullable: true, description: 'Only these clusters; default all.' })
  clusterIds?: string[];

  @Field({ nullable: true, description: 'Deliver findings on platform components too; default false.' })
  includePlatform?: boolean;
}
