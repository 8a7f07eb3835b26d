import { registerEnumType } from '@nestjs/graphql';
import {
  ActorType,
  ChangeType,
  DeletionKind,
  DeliverySchedule,
  DeliveryStatus,
  DestinationKind,
  FindingEventType,
  FindingStatus,
  ResolutionReason,
  Role,
  Severity,
} from '../../generated/prisma/enums';

/** The database's enums as GraphQL enums, each value described (the schema is a product surface). */
registerEnumType(Severity, {
  name: 'Severity',
  description: 'How bad a finding is, from INFO to CRITICAL.',
  valuesMap: {
    INFO: { description: 'Worth knowing; no direct risk.' },
    LOW: { description: 'Hardening that limits the damage of another failure.' },
    MEDIUM: { description: 'A weakness an attacker inside the cluster can use.' },
    HIGH: { description: 'A direct path to a node, the cluster or its secrets.' },
    CRITICAL: { description: 'Compromise of the node or cluster is one step away.' },
  },
});
registerEnumType(DeliverySchedule, {
  name: 'DeliverySchedule',
  description: 'When a destination hears of alerts.',
  valuesMap: {
    IMMEDIATE: { description: 'Each alert as it happens.' },
    HOURLY: { description: 'One digest per hour (UTC), of what the hour brought; nothing when it was quiet.' },
    DAILY: { description: 'One digest per day (UTC midnight to midnight); nothing when it was quiet.' },
  },
});
registerEnumType(DestinationKind, {
  name: 'DestinationKind',
  description: 'Where an alert destination sends.',
  valuesMap: {
    WEBHOOK: { description: 'A Standard Webhooks POST, signed with the endpoint’s secret.' },
    SLACK: { description: 'A Slack incoming webhook: Block Kit messages.' },
    TEAMS: { description: 'A Microsoft Teams workflow webhook: Adaptive Cards.' },
    PAGERDUTY: { description: 'PagerDuty Events API v2: incidents that resolve themselves with the finding.' },
    JIRA: { description: 'Jira Cloud: an issue per finding, moved to done when it resolves.' },
    EMAIL: { description: 'Mail to a few addresses over the server’s SMTP relay.' },
  },
});
registerEnumType(FindingStatus, {
  name: 'FindingStatus',
  description: 'Whether a finding is open now.',
  valuesMap: {
    OPEN: { description: 'Raised by the newest evaluation.' },
    RESOLVED: { description: 'Not raised any more (see resolutionReason).' },
  },
});
registerEnumType(ResolutionReason, {
  name: 'ResolutionReason',
  description: 'Why a finding resolved: the resource was fixed, deleted, or the rule is gone.',
  valuesMap: {
    FIXED: { description: 'The resource is still there and no longer fails the rule.' },
    RESOURCE_DELETED: { description: 'The resource is gone from the cluster.' },
    RULE_REMOVED: { description: 'The rule left the catalogue.' },
  },
});
registerEnumType(FindingEventType, {
  name: 'FindingEventType',
  description: 'A step in a finding’s life.',
  valuesMap: {
    OPENED: { description: 'First raised.' },
    RESOLVED: { description: 'No longer raised.' },
    REOPENED: { description: 'Raised again after resolving.' },
  },
});
registerEnumType(ChangeType, {
  name: 'ChangeType',
  description: 'What happened to a Kubernetes object between two snapshots.',
  valuesMap: {
    ADDED: { description: 'It appeared.' },
    MODIFIED: { description: 'Fields the rules read changed (see diff).' },
    REMOVED: { description: 'It disappeared.' },
  },
});
registerEnumType(Role, {
  name: 'Role',
  description:
    'What a member or API key may do in its organisation (or, team-scoped, over its teams’ clusters); each role includes the ones below it.',
  valuesMap: {
    VIEWER: { description: 'Reads everything.' },
    MEMBER: { description: 'Also manages exceptions.' },
    ADMIN: { description: 'Also manages clusters, API keys, webhooks, settings; reads the audit log.' },
    OWNER: { description: 'Everything.' },
  },
});
registerEnumType(ActorType, {
  name: 'ActorType',
  description: 'Who did something recorded in the audit log.',
  valuesMap: {
    OPERATOR: { description: 'The SaaS operator (operator token).' },
    API_KEY: { description: 'An API key of the organisation.' },
    AGENT: { description: 'A cluster agent.' },
    SYSTEM: { description: 'Kubeward itself (expiry, retention).' },
    USER: { description: 'A signed-in person.' },
  },
});
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesMap: {
    PENDING: { description: 'Not attempted yet.' },
    SUCCEEDED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'The last attempt failed; another is scheduled.' },
    DEAD: { description: 'No more attempts: out of retries, answered 410, or the endpoint is disabled.' },
  },
});
registerEnumType(DeletionKind, {
  name: 'DeletionKind',
  description: 'What was deleted.',
  valuesMap: {
    CLUSTER: { description: 'A cluster, with its whole history.' },
    ORGANIZATION: { description: 'An organisation, with everything it had.' },
  },
});
