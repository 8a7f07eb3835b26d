import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DeliverySchedule, DeliveryStatus, DestinationKind, Severity } from '../../../generated/prisma/enums';
import '../../../infra/graphql/enums';
import { PageInfo } from '../../../infra/graphql/pagination';
import { DateTime } from '../../../infra/graphql/date-time.scalar';
import { EVENT_TYPES } from '../../outbox/alert-payloads';

const EVENT_TYPES_DOC = EVENT_TYPES.join(', ');

@ObjectType('JiraSettings', { description: 'How a Jira destination files issues (its API token is never shown).' })
export class JiraSettingsObject {
  @Field({ description: 'The Atlassian account the API token belongs to.' })
  email!: string;

  @Field({ description: 'The project issues are created in, e.g. SEC.' })
  projectKey!: string;

  @Field({ description: 'The issue type, e.g. Task or Bug.' })
  issueType!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Transition (or target status) taken when a finding resolves; default: the first into a done status.',
  })
  doneTransition?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Transition taken when a finding reopens; default: the first into a to-do or in-progress status.',
  })
  reopenTransition?: string | null;
}

@InputType({ description: 'How a Jira destination files issues.' })
export class JiraSettingsInput {
  @Field({ description: 'The Atlassian account the API token belongs to.' })
  email!: string;

  @Field({ description: 'The project key, e.g. SEC.' })
  projectKey!: string;

  @Field({ nullable: true, description: 'The issue type; default Task.' })
  issueType?: string;

  @Field({ nullable: true, description: 'Transition (or status) name for resolved findings.' })
  doneTransition?: string;

  @Field({ nullable: true, description: 'Transition (or status) name for reopened findings.' })
  reopenTransition?: string;
}

@ObjectType('WebhookEndpoint', { description: 'Where alerts are sent, and which ones.' })
export class WebhookEndpointObject {
  @Field(() => ID, { description: 'Id of the endpoint.' })
  id!: string;

  @Field(() => DestinationKind, {
    description: 'What it sends to: a signed webhook, Slack, Teams, PagerDuty, Jira or mail.',
  })
  kind!: DestinationKind;

  @Field({
    description:
      'Where it sends: the URL POSTed to; for Slack and Teams only its origin (the full URL is a credential, kept encrypted); for Jira the site; for mail a mailto: URI.',
  })
  url!: string;

  @Field(() => JiraSettingsObject, {
    nullable: true,
    description: 'Jira destinations: the account, project and workflow.',
  })
  jira?: JiraSettingsObject | null;

  @Field({ description: 'What this endpoint is for.' })
  description!: string;

  @Field(() => [String], { description: `Event types delivered: some of ${EVENT_TYPES_DOC}.` })
  eventTypes!: string[];

  @Field(() => Severity, { description: 'Findings below this severity are not delivered.' })
  minSeverity!: Severity;

  @Field(() => ID, {
    nullable: true,
    description: 'The team it belongs to: it hears only of that team’s clusters. Null: the organisation’s.',
  })
  teamId!: string | null;

  @Field(() => [ID], { description: 'Only these clusters; empty means all (all of its team’s, for a team’s).' })
  clusterIds!: string[];

  @Field(() => [String], { description: 'Only findings in these namespaces; empty means all.' })
  namespaces!: string[];

  @Field(() => [ID], {
    description: 'An organisation’s destination: only the clusters of these teams; empty means all.',
  })
  teamIds!: string[];

  @Field(() => DeliverySchedule, { description: 'Each alert at once, or an hourly or daily digest.' })
  schedule!: DeliverySchedule;

  @Field({ description: 'Whether findings on platform components are delivered.' })
  includePlatform!: boolean;

  @Field(() => Int, { description: 'posture.degraded fires when one evaluation lowers the score by this much.' })
  postureDropPoints!: number;

  @Field({ description: 'Disabled endpoints receive nothing.' })
  enabled!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was disabled: by its owner, the receiver answered 410, or every attempt failed too long.',
  })
  disabledReason!: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was disabled.' })
  disabledAt!: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: 'The first failed attempt since the last success; null while deliveries succeed.',
  })
  failingSince!: Date | null;

  @Field(() => DateTime, {
    nullable: true,
    description: 'Until then, deliveries are also signed with the secret before the last rotation.',
  })
  previousSecretExpiresAt!: Date | null;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;
}

@ObjectType({ description: 'An endpoint and its new signing secret, shown this once.' })
export class WebhookEndpointSecret {
  @Field(() => WebhookEndpointObject, { description: 'The endpoint.' })
  endpoint!: WebhookEndpointObject;

  @Field({ description: 'The Standard Webhooks signing secret (whsec_…). Store it now: it is never shown again.' })
  secret!: string;
}

/** What both kinds of creation share: where from, who owns it, when. */
@InputType({ isAbstract: true })
abstract class NewDestinationRoutes {
  @Field({ nullable: true, description: 'What it is for.' })
  description?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The team it belongs to (a team’s admin may omit it when they have one team). Default: the organisation’s.',
  })
  teamId?: string;

  @Field(() => [ID], { nullable: true, description: 'Only these clusters; default all.' })
  clusterIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only findings in these namespaces (cluster-scoped objects are in none); empty means all.',
  })
  namespaces?: string[];

  @Field(() => [ID], {
    nullable: true,
    description: 'An organisation’s destination: only the clusters of these teams; empty means all.',
  })
  teamIds?: string[];

  @Field(() => DeliverySchedule, {
    nullable: true,
    description:
      'Each alert at once (IMMEDIATE, the default) or an HOURLY or DAILY digest; PagerDuty and Jira: IMMEDIATE.',
  })
  schedule?: DeliverySchedule;

  @Field({ nullable: true, description: 'Findings on platform components too; default false.' })
  includePlatform?: boolean;

  @Field(() => Int, { nullable: true, description: 'Score drop (points, 1–100) that is posture.degraded; default 5.' })
  postureDropPoints?: number;

  @Field({ nullable: true, description: 'Whether it sends; default true.' })
  enabled?: boolean;
}

@InputType({ description: 'A webhook endpoint to create.' })
export class CreateWebhookEndpointInput extends NewDestinationRoutes {
  @Field({ description: 'The https URL to POST deliveries to.' })
  url!: string;

  @Field(() => [String], {
    nullable: true,
    description: `Event types to deliver (${EVENT_TYPES_DOC}); default all but finding.resolved.`,
  })
  eventTypes?: string[];

  @Field(() => Severity, { nullable: true, description: 'Minimum severity of findings to deliver; default LOW.' })
  minSeverity?: Severity;
}

@InputType({ description: 'A Slack, Teams, PagerDuty, Jira or mail destination to create.' })
export class CreateAlertDestinationInput extends NewDestinationRoutes {
  @Field(() => DestinationKind, { description: 'What it sends to (not WEBHOOK: use createWebhookEndpoint).' })
  kind!: DestinationKind;

  @Field({
    nullable: true,
    description:
      'Slack: the incoming-webhook URL. Teams: the workflow webhook URL. Jira: the site (https://acme.atlassian.net). PagerDuty: the Events API URL, default https://events.pagerduty.com/v2/enqueue. Not for mail.',
  })
  url?: string;

  @Field(() => [String], { nullable: true, description: 'Mail: 1 to 10 addresses.' })
  recipients?: string[];

  @Field({
    nullable: true,
    description: 'PagerDuty: the integration (routing) key. Jira: the API token. Stored encrypted; never shown again.',
  })
  credential?: string;

  @Field(() => JiraSettingsInput, { nullable: true, description: 'Jira: the account, project and workflow.' })
  jira?: JiraSettingsInput;

  @Field(() => [String], {
    nullable: true,
    description: `Event types to send (${EVENT_TYPES_DOC}). Default: PagerDuty and Jira, the findings' lifecycle (and for PagerDuty stale clusters); others, all but finding.resolved.`,
  })
  eventTypes?: string[];

  @Field(() => Severity, {
    nullable: true,
    description: 'Minimum severity of findings to send; default HIGH for PagerDuty and Jira, LOW otherwise.',
  })
  minSeverity?: Severity;
}

@InputType({ description: 'Changes to a webhook endpoint; what is left out stays.' })
export class UpdateWebhookEndpointInput {
  @Field({
    nullable: true,
    description: 'The https URL to POST deliveries to (Slack, Teams, Jira, PagerDuty: as when created).',
  })
  url?: string;

  @Field(() => [String], { nullable: true, description: 'Mail destinations: the new addresses.' })
  recipients?: string[];

  @Field({ nullable: true, description: 'PagerDuty: a new routing key. Jira: a new API token.' })
  credential?: string;

  @Field(() => JiraSettingsInput, { nullable: true, description: 'Jira: new settings (all of them).' })
  jira?: JiraSettingsInput;

  @Field({ nullable: true, description: 'What this endpoint is for.' })
  description?: string;

  @Field(() => [String], { nullable: true, description: `Event types to deliver (${EVENT_TYPES_DOC}).` })
  eventTypes?: string[];

  @Field(() => Severity, { nullable: true, description: 'Minimum severity of findings to deliver.' })
  minSeverity?: Severity;

  @Field(() => [ID], { nullable: true, description: 'Only these clusters; empty means all.' })
  clusterIds?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Only findings in these namespaces (cluster-scoped objects are in none); empty means all.',
  })
  namespaces?: string[];

  @Field(() => [ID], {
    nullable: true,
    description: 'An organisation’s destination: only the clusters of these teams; empty means all.',
  })
  teamIds?: string[];

  @Field(() => DeliverySchedule, {
    nullable: true,
    description:
      'Each alert at once (IMMEDIATE, the default) or an HOURLY or DAILY digest; PagerDuty and Jira: IMMEDIATE.',
  })
  schedule?: DeliverySchedule;

  @Field({ nullable: true, description: 'Deliver findings on platform components too.' })
  includePlatform?: boolean;

  @Field(() => Int, { nullable: true, description: 'Score drop (points, 1–100) that is posture.degraded.' })
  postureDropPoints?: number;

  @Field({ nullable: true, description: 'Enable (clearing why it was disabled) or disable the endpoint.' })
  enabled?: boolean;
}

@ObjectType('WebhookDeliveryAttempt', { description: 'One try at sending a delivery.' })
export class WebhookDeliveryAttemptObject {
  @Field(() => DateTime, { description: 'When it was sent.' })
  at!: Date;

  @Field(() => Int, { nullable: true, description: 'HTTP status the receiver answered; null when none came.' })
  statusCode!: number | null;

  @Field(() => Int, { description: 'Time until the answer or the failure, in milliseconds.' })
  latencyMs!: number;

  @Field(() => String, { nullable: true, description: 'Why it failed; null on success.' })
  error!: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One message to one endpoint, with its attempts.' })
export class WebhookDeliveryObject {
  @Field(() => ID, { description: 'Id of the delivery (for redeliverWebhook).' })
  id!: string;

  @Field({ description: 'The webhook-id header: the same on every attempt, for receivers to deduplicate.' })
  webhookId!: string;

  @Field({ description: 'The message type, e.g. evaluation.changed or cluster.stale.' })
  type!: string;

  @Field(() => DeliveryStatus, { description: 'Where it stands.' })
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt.' })
  lastStatusCode!: number | null;

  @Field(() => Int, { nullable: true, description: 'Latency of the last attempt, in milliseconds.' })
  lastLatencyMs!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  lastError!: string | null;

  @Field(() => DateTime, { description: 'When the delivery was created.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When the receiver accepted it.' })
  deliveredAt!: Date | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'What was sent (the same on every attempt): the body for webhooks, Slack and Teams; `events` for PagerDuty (routing key left out); the mail for email; for Jira the message its requests were made from. Null once its alert is past retention.',
  })
  payload!: Record<string, unknown> | null;

  @Field(() => [WebhookDeliveryAttemptObject], { description: 'Every attempt, oldest first.' })
  log!: WebhookDeliveryAttemptObject[];
}

@ObjectType({ description: 'A delivery and its place in the log.' })
export class WebhookDeliveryEdge {
  @Field({ description: 'Pass as `after` to continue after this delivery.' })
  cursor!: string;

  @Field(() => WebhookDeliveryObject, { description: 'The delivery.' })
  node!: WebhookDeliveryObject;
}

@ObjectType({ description: "A page of an endpoint's deliveries, newest first." })
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge], { description: 'The deliveries of this page.' })
  edges!: WebhookDeliveryEdge[];

  @Field(() => PageInfo, { description: 'Whether more follow, and from where.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: 'How a test ping went.' })
export class WebhookTestResult {
  @Field(() => ID, { description: 'The delivery it made, in the endpoint’s log.' })
  deliveryId!: string;

  @Field({ description: 'Whether the receiver answered 2xx.' })
  succeeded!: boolean;

  @Field(() => Int, { nullable: true, description: 'HTTP status the receiver answered; null when none came.' })
  statusCode!: number | null;

  @Field(() => Int, { description: 'Time until the answer or the failure, in milliseconds.' })
  latencyMs!: number;

  @Field(() => String, { nullable: true, description: 'Why it failed (refused address, timeout, status…).' })
  error!: string | null;
}
