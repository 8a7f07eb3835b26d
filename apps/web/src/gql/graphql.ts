/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A role, over the whole organisation or only some teams’ clusters. */
export type AccessInput = {
  /** What they may do. */
  role: Role;
  /** Limit the role to these teams’ clusters (not for OWNER); omit for the whole organisation. */
  teamIds?: Array<string> | null | undefined;
};

/** Who did something recorded in the audit log. */
export type ActorType =
  /** A cluster agent. */
  | 'AGENT'
  /** An API key of the organisation. */
  | 'API_KEY'
  /** The SaaS operator (operator token). */
  | 'OPERATOR'
  /** Kubeward itself (expiry, retention). */
  | 'SYSTEM'
  /** A signed-in person. */
  | 'USER';

/** What happened to a Kubernetes object between two snapshots. */
export type ChangeType =
  /** It appeared. */
  | 'ADDED'
  /** Fields the rules read changed (see diff). */
  | 'MODIFIED'
  /** It disappeared. */
  | 'REMOVED';

/** A control’s status for a cluster, or for several (the worst of theirs). */
export type ControlStatus =
  /** Every open finding of its rules is covered by an exception. */
  | 'ACCEPTED_RISK'
  /** A rule that judges it has an open finding no exception covers. */
  | 'FAIL'
  /** No rule judges it: a person gathers the evidence. */
  | 'MANUAL'
  /** Nothing fails, but it could not be judged (the reason says why). */
  | 'NOT_EVALUABLE'
  /** Every rule that judges it ran and found nothing. */
  | 'PASS';

/** A Slack, Teams, PagerDuty, Jira or mail destination to create. */
export type CreateAlertDestinationInput = {
  /** Only these clusters; default all. */
  clusterIds?: Array<string> | null | undefined;
  /** PagerDuty: the integration (routing) key. Jira: the API token. Stored encrypted; never shown again. */
  credential?: string | null | undefined;
  /** What it is for. */
  description?: string | null | undefined;
  /** Whether it sends; default true. */
  enabled?: boolean | null | undefined;
  /** Event types to send (finding.opened, finding.reopened, finding.resolved, posture.degraded, control.regressed, cluster.stale, cluster.recovered, exception.expired). Default: PagerDuty and Jira, the findings' lifecycle (and for PagerDuty stale clusters); others, all but finding.resolved. */
  eventTypes?: Array<string> | null | undefined;
  /** Findings on platform components too; default false. */
  includePlatform?: boolean | null | undefined;
  /** Jira: the account, project and workflow. */
  jira?: JiraSettingsInput | null | undefined;
  /** What it sends to (not WEBHOOK: use createWebhookEndpoint). */
  kind: DestinationKind;
  /** Minimum severity of findings to send; default HIGH for PagerDuty and Jira, LOW otherwise. */
  minSeverity?: Severity | null | undefined;
  /** Only findings in these namespaces (cluster-scoped objects are in none); empty means all. */
  namespaces?: Array<string> | null | undefined;
  /** Score drop (points, 1–100) that is posture.degraded; default 5. */
  postureDropPoints?: number | null | undefined;
  /** Mail: 1 to 10 addresses. */
  recipients?: Array<string> | null | undefined;
  /** Each alert at once (IMMEDIATE, the default) or an HOURLY or DAILY digest; PagerDuty and Jira: IMMEDIATE. */
  schedule?: DeliverySchedule | null | undefined;
  /** The team it belongs to (a team’s admin may omit it when they have one team). Default: the organisation’s. */
  teamId?: string | null | undefined;
  /** An organisation’s destination: only the clusters of these teams; empty means all. */
  teamIds?: Array<string> | null | undefined;
  /** Slack: the incoming-webhook URL. Teams: the workflow webhook URL. Jira: the site (https://acme.atlassian.net). PagerDuty: the Events API URL, default https://events.pagerduty.com/v2/enqueue. Not for mail. */
  url?: string | null | undefined;
};

/** A new exception: at least one selector, a reason, an owner and an expiry. */
export type CreateExceptionInput = {
  /** Only this cluster. */
  clusterId?: string | null | undefined;
  /** When it stops applying: in the future, at most a year away. */
  expiresAt: string;
  /** Only this namespace. */
  namespace?: string | null | undefined;
  /** Who answers for it (1 to 200 characters). */
  owner: string;
  /** Why the risk is accepted (10 to 2,000 characters). */
  reason: string;
  /** Only resources of this kind, e.g. Deployment. */
  resourceKind?: string | null | undefined;
  /** Only the resource of this name (needs resourceKind). */
  resourceName?: string | null | undefined;
  /** Only this rule (id, as in `rules`). */
  ruleId?: string | null | undefined;
};

/** A webhook endpoint to create. */
export type CreateWebhookEndpointInput = {
  /** Only these clusters; default all. */
  clusterIds?: Array<string> | null | undefined;
  /** What it is for. */
  description?: string | null | undefined;
  /** Whether it sends; default true. */
  enabled?: boolean | null | undefined;
  /** Event types to deliver (finding.opened, finding.reopened, finding.resolved, posture.degraded, control.regressed, cluster.stale, cluster.recovered, exception.expired); default all but finding.resolved. */
  eventTypes?: Array<string> | null | undefined;
  /** Findings on platform components too; default false. */
  includePlatform?: boolean | null | undefined;
  /** Minimum severity of findings to deliver; default LOW. */
  minSeverity?: Severity | null | undefined;
  /** Only findings in these namespaces (cluster-scoped objects are in none); empty means all. */
  namespaces?: Array<string> | null | undefined;
  /** Score drop (points, 1–100) that is posture.degraded; default 5. */
  postureDropPoints?: number | null | undefined;
  /** Each alert at once (IMMEDIATE, the default) or an HOURLY or DAILY digest; PagerDuty and Jira: IMMEDIATE. */
  schedule?: DeliverySchedule | null | undefined;
  /** The team it belongs to (a team’s admin may omit it when they have one team). Default: the organisation’s. */
  teamId?: string | null | undefined;
  /** An organisation’s destination: only the clusters of these teams; empty means all. */
  teamIds?: Array<string> | null | undefined;
  /** The https URL to POST deliveries to. */
  url: string;
};

/** When a destination hears of alerts. */
export type DeliverySchedule =
  /** One digest per day (UTC midnight to midnight); nothing when it was quiet. */
  | 'DAILY'
  /** One digest per hour (UTC), of what the hour brought; nothing when it was quiet. */
  | 'HOURLY'
  /** Each alert as it happens. */
  | 'IMMEDIATE';

/** Where a webhook delivery stands. */
export type DeliveryStatus =
  /** No more attempts: out of retries, answered 410, or the endpoint is disabled. */
  | 'DEAD'
  /** The last attempt failed; another is scheduled. */
  | 'FAILED'
  /** Not attempted yet. */
  | 'PENDING'
  /** The receiver answered 2xx. */
  | 'SUCCEEDED';

/** Where an alert destination sends. */
export type DestinationKind =
  /** Mail to a few addresses over the server’s SMTP relay. */
  | 'EMAIL'
  /** Jira Cloud: an issue per finding, moved to done when it resolves. */
  | 'JIRA'
  /** PagerDuty Events API v2: incidents that resolve themselves with the finding. */
  | 'PAGERDUTY'
  /** A Slack incoming webhook: Block Kit messages. */
  | 'SLACK'
  /** A Microsoft Teams workflow webhook: Adaptive Cards. */
  | 'TEAMS'
  /** A Standard Webhooks POST, signed with the endpoint’s secret. */
  | 'WEBHOOK';

/** A step in a finding’s life. */
export type FindingEventType =
  /** First raised. */
  | 'OPENED'
  /** Raised again after resolving. */
  | 'REOPENED'
  /** No longer raised. */
  | 'RESOLVED';

/** Which findings to list; every condition given must hold. */
export type FindingFilter = {
  /** Only rules of these areas (containers, pods, cluster, users). */
  areas?: Array<string> | null | undefined;
  /** Only these clusters. */
  clusterIds?: Array<string> | null | undefined;
  /** true: only findings an active exception covers; false: only those none covers. */
  excepted?: boolean | null | undefined;
  /** Only rules that judge a control of these frameworks (ids, as in `frameworks`). */
  frameworks?: Array<string> | null | undefined;
  /** Only resources of these kinds, e.g. Deployment. */
  kinds?: Array<string> | null | undefined;
  /** Only this severity and above. */
  minSeverity?: Severity | null | undefined;
  /** Only resources in these namespaces. */
  namespaces?: Array<string> | null | undefined;
  /** true: only platform components; false: only the rest. */
  platform?: boolean | null | undefined;
  /** Only rules of these practices (as named in `rules`). */
  practices?: Array<string> | null | undefined;
  /** Only resources whose name contains this text (case-insensitive; at most 253 characters). */
  resourceName?: string | null | undefined;
  /** Only these rules (ids). */
  ruleIds?: Array<string> | null | undefined;
  /** OPEN (the default) or RESOLVED. With `at`, only OPEN: what was open then. */
  status?: FindingStatus | null | undefined;
};

/** What findings are grouped by. */
export type FindingGroupBy =
  /** The cluster (key: its id). */
  | 'CLUSTER'
  /** The resource’s namespace (key: empty for cluster-scoped resources). */
  | 'NAMESPACE'
  /** The rule’s practice (key: its name). */
  | 'PRACTICE'
  /** The rule (key: its id). */
  | 'RULE'
  /** The resource (key: cluster/namespace/Kind/name). */
  | 'WORKLOAD';

/** Whether a finding is open now. */
export type FindingStatus =
  /** Raised by the newest evaluation. */
  | 'OPEN'
  /** Not raised any more (see resolutionReason). */
  | 'RESOLVED';

/** How a Jira destination files issues. */
export type JiraSettingsInput = {
  /** Transition (or status) name for resolved findings. */
  doneTransition?: string | null | undefined;
  /** The Atlassian account the API token belongs to. */
  email: string;
  /** The issue type; default Task. */
  issueType?: string | null | undefined;
  /** The project key, e.g. SEC. */
  projectKey: string;
  /** Transition (or status) name for reopened findings. */
  reopenTransition?: string | null | undefined;
};

/** Why a finding resolved: the resource was fixed, deleted, or the rule is gone. */
export type ResolutionReason =
  /** The resource is still there and no longer fails the rule. */
  | 'FIXED'
  /** The resource is gone from the cluster. */
  | 'RESOURCE_DELETED'
  /** The rule left the catalogue. */
  | 'RULE_REMOVED';

/** What a member or API key may do in its organisation (or, team-scoped, over its teams’ clusters); each role includes the ones below it. */
export type Role =
  /** Also manages clusters, API keys, webhooks, settings; reads the audit log. */
  | 'ADMIN'
  /** Also manages exceptions. */
  | 'MEMBER'
  /** Everything. */
  | 'OWNER'
  /** Reads everything. */
  | 'VIEWER';

/** How bad a finding is, from INFO to CRITICAL. */
export type Severity =
  /** Compromise of the node or cluster is one step away. */
  | 'CRITICAL'
  /** A direct path to a node, the cluster or its secrets. */
  | 'HIGH'
  /** Worth knowing; no direct risk. */
  | 'INFO'
  /** Hardening that limits the damage of another failure. */
  | 'LOW'
  /** A weakness an attacker inside the cluster can use. */
  | 'MEDIUM';

/** A rule's severity as this organisation wants it. */
export type SeverityOverrideInput = {
  /** The rule (id, as in `rules`). */
  ruleId: string;
  /** The severity its findings get. */
  severity: Severity;
};

/** Settings to change; fields left out stay as they are. */
export type UpdateOrganizationSettingsInput = {
  /** Whether findings on platform components alert. */
  alertOnPlatformFindings?: boolean | null | undefined;
  /** Days after which an unused powerful service account is dormant (1 to 3650). */
  dormantAccountDays?: number | null | undefined;
  /** Days of history to keep, within the bounds the service sets (by default 30 to 1,095); null: back to the default. Shortening hides older history at once; lengthening keeps what is still held and what comes. */
  historyRetentionDays?: number | null | undefined;
  /** Image prefixes from registries with immutable tags (at most 100). */
  immutableTagImages?: Array<string> | null | undefined;
  /** Images (prefixes) counted as minimal besides the known publishers (at most 100). */
  minimalImages?: Array<string> | null | undefined;
  /** The whole list of severity overrides. */
  severityOverrides?: Array<SeverityOverrideInput> | null | undefined;
  /** Registries (prefixes) images may come from (at most 100). */
  trustedRegistries?: Array<string> | null | undefined;
};

/** Changes to a webhook endpoint; what is left out stays. */
export type UpdateWebhookEndpointInput = {
  /** Only these clusters; empty means all. */
  clusterIds?: Array<string> | null | undefined;
  /** PagerDuty: a new routing key. Jira: a new API token. */
  credential?: string | null | undefined;
  /** What this endpoint is for. */
  description?: string | null | undefined;
  /** Enable (clearing why it was disabled) or disable the endpoint. */
  enabled?: boolean | null | undefined;
  /** Event types to deliver (finding.opened, finding.reopened, finding.resolved, posture.degraded, control.regressed, cluster.stale, cluster.recovered, exception.expired). */
  eventTypes?: Array<string> | null | undefined;
  /** Deliver findings on platform components too. */
  includePlatform?: boolean | null | undefined;
  /** Jira: new settings (all of them). */
  jira?: JiraSettingsInput | null | undefined;
  /** Minimum severity of findings to deliver. */
  minSeverity?: Severity | null | undefined;
  /** Only findings in these namespaces (cluster-scoped objects are in none); empty means all. */
  namespaces?: Array<string> | null | undefined;
  /** Score drop (points, 1–100) that is posture.degraded. */
  postureDropPoints?: number | null | undefined;
  /** Mail destinations: the new addresses. */
  recipients?: Array<string> | null | undefined;
  /** Each alert at once (IMMEDIATE, the default) or an HOURLY or DAILY digest; PagerDuty and Jira: IMMEDIATE. */
  schedule?: DeliverySchedule | null | undefined;
  /** An organisation’s destination: only the clusters of these teams; empty means all. */
  teamIds?: Array<string> | null | undefined;
  /** The https URL to POST deliveries to (Slack, Teams, Jira, PagerDuty: as when created). */
  url?: string | null | undefined;
};

export type CountsFragment = { critical: number, high: number, medium: number, low: number, info: number };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { user: { id: string, name: string, email: string, totpEnabled: boolean }, current: { role: Role, teamIds: Array<string> | null, organization: { id: string, name: string, slug: string } } | null, memberships: Array<{ role: Role, organization: { id: string, name: string, slug: string } }> } };

export type SwitchOrganizationMutationVariables = Exact<{
  organizationId: string;
}>;


export type SwitchOrganizationMutation = { switchOrganization: { current: { organization: { id: string } } | null } };

export type WebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookEndpointsQuery = { webhookEndpoints: Array<{ id: string, kind: DestinationKind, url: string, schedule: DeliverySchedule, namespaces: Array<string>, teamIds: Array<string>, clusterIds: Array<string>, description: string, enabled: boolean, disabledReason: string | null, failingSince: string | null, eventTypes: Array<string>, minSeverity: Severity, createdAt: string, jira: { email: string, projectKey: string, issueType: string } | null }> };

export type WebhookDeliveriesQueryVariables = Exact<{
  endpointId: string;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: { edges: Array<{ node: { id: string, type: string, status: DeliveryStatus, attempts: number, createdAt: string, deliveredAt: string | null, lastStatusCode: number | null, lastError: string | null, webhookId: string } }> } };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string } } };

export type TestWebhookEndpointMutationVariables = Exact<{
  id: string;
}>;


export type TestWebhookEndpointMutation = { testWebhookEndpoint: { succeeded: boolean, statusCode: number | null, latencyMs: number, error: string | null } };

export type RedeliverWebhookMutationVariables = Exact<{
  deliveryId: string;
}>;


export type RedeliverWebhookMutation = { redeliverWebhook: string };

export type CreateAlertDestinationMutationVariables = Exact<{
  input: CreateAlertDestinationInput;
}>;


export type CreateAlertDestinationMutation = { createAlertDestination: { id: string } };

export type UpdateAlertDestinationMutationVariables = Exact<{
  id: string;
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateAlertDestinationMutation = { updateWebhookEndpoint: { id: string } };

export type SetAlertDestinationEnabledMutationVariables = Exact<{
  id: string;
  enabled: boolean;
}>;


export type SetAlertDestinationEnabledMutation = { updateWebhookEndpoint: { id: string } };

export type AlertRoutesQueryVariables = Exact<{ [key: string]: never; }>;


export type AlertRoutesQuery = { teams: Array<{ id: string, name: string }>, clusters: Array<{ id: string, name: string }> };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: string;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: boolean };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, prefix: string, role: Role, teamId: string | null, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }>, teams: Array<{ id: string, name: string }> };

export type CreateApiKeyMutationVariables = Exact<{
  name: string;
  role: Role;
  teamId?: string | null | undefined;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, name: string } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string } };

export type AuditQueryVariables = Exact<{
  action?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditQuery = { auditLog: { pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { id: string, at: string, action: string, actorType: ActorType, actorId: string | null, targetType: string | null, targetId: string | null, details: unknown } }> } };

export type ClusterDetailQueryVariables = Exact<{
  id: string;
  from: string;
  to: string;
  filter: FindingFilter;
}>;


export type ClusterDetailQuery = { cluster: { id: string, name: string, stale: boolean, createdAt: string, lastSnapshotAt: string | null, lastHeartbeatAt: string | null, kubernetesVersion: string | null, agentVersion: string | null, currentScore: number | null }, postureTrend: Array<{ at: string, bucket: string | null, score: number, counts: { critical: number, high: number, medium: number, low: number, info: number } }>, practices: { groups: Array<{ key: string, total: number, counts: { critical: number, high: number, medium: number, low: number, info: number } }> }, namespaces: { totalGroups: number, groups: Array<{ key: string, namespace: string | null, total: number, highest: Severity, counts: { critical: number, high: number, medium: number, low: number, info: number } }> }, evaluations: { edges: Array<{ node: { id: string, collectedAt: string, evaluatedAt: string, score: number, opened: number, resolved: number, reopened: number, counts: { critical: number, high: number, medium: number, low: number, info: number } } }> } };

export type DriftRowFragment = { id: string, ruleId: string, severity: Severity, resource: { kind: string, namespace: string | null, name: string } };

export type EvaluationDriftQueryVariables = Exact<{
  clusterId: string;
  from: string;
  to: string;
}>;


export type EvaluationDriftQuery = { drift: { truncated: boolean, counts: { opened: number, resolved: number, reopened: number, added: number, modified: number, removed: number }, opened: Array<{ finding: { id: string, ruleId: string, severity: Severity, resource: { kind: string, namespace: string | null, name: string } } }>, resolved: Array<{ finding: { id: string, ruleId: string, severity: Severity, resource: { kind: string, namespace: string | null, name: string } } }>, reopened: Array<{ finding: { id: string, ruleId: string, severity: Severity, resource: { kind: string, namespace: string | null, name: string } } }>, added: Array<{ id: string, at: string, type: ChangeType, kind: string, namespace: string | null, name: string, evaluationId: string, diff: Array<{ path: string, before: unknown, after: unknown }> }>, modified: Array<{ id: string, at: string, type: ChangeType, kind: string, namespace: string | null, name: string, evaluationId: string, diff: Array<{ path: string, before: unknown, after: unknown }> }>, removed: Array<{ id: string, at: string, type: ChangeType, kind: string, namespace: string | null, name: string, evaluationId: string, diff: Array<{ path: string, before: unknown, after: unknown }> }> } };

export type RotateClusterTokenMutationVariables = Exact<{
  clusterId: string;
}>;


export type RotateClusterTokenMutation = { rotateClusterToken: { agentToken: string, previousTokenValidUntil: string, installManifests: string | null } };

export type RevokeClusterTokenMutationVariables = Exact<{
  clusterId: string;
}>;


export type RevokeClusterTokenMutation = { revokeClusterToken: boolean };

export type DeleteClusterMutationVariables = Exact<{
  id: string;
}>;


export type DeleteClusterMutation = { deleteCluster: boolean };

export type ComplianceQueryVariables = Exact<{
  framework: string;
  clusterIds?: Array<string> | string | null | undefined;
  at?: string | null | undefined;
}>;


export type ComplianceQuery = { frameworks: Array<{ id: string, name: string, version: string }>, clusters: Array<{ id: string, name: string }>, complianceReport: { at: string, framework: { id: string, name: string, version: string, publisher: string, url: string }, summary: { pass: number, fail: number, acceptedRisk: number, notEvaluable: number, manual: number, percentage: number | null }, clusters: Array<{ clusterId: string, name: string, evaluationId: string | null, collectedAt: string | null, summary: { percentage: number | null } | null }>, controls: Array<{ status: ControlStatus, reason: string | null, failingFindings: number, acceptedFindings: number, control: { id: string, title: string, group: string, requirement: string, source: string, rules: Array<{ id: string, title: string }> }, clusters: Array<{ clusterId: string, status: ControlStatus, failingFindings: number, acceptedFindings: number }>, acceptedRisks: Array<{ id: string, owner: string, reason: string, scope: string, expiresAt: string }> }> }, complianceTrend: Array<{ at: string, summary: { fail: number, percentage: number | null } }> };

export type ControlFindingsQueryVariables = Exact<{
  at?: string | null | undefined;
  filter?: FindingFilter | null | undefined;
}>;


export type ControlFindingsQuery = { findings: { totalCount: number, edges: Array<{ node: { id: string, ruleId: string, severity: Severity, excepted: boolean, clusterId: string, firstSeenAt: string, resource: { kind: string, namespace: string | null, name: string } } }> } };

export type ExceptionsQueryVariables = Exact<{
  includeInactive: boolean;
}>;


export type ExceptionsQuery = { exceptions: Array<{ id: string, active: boolean, ruleId: string | null, clusterId: string | null, namespace: string | null, resourceKind: string | null, resourceName: string | null, reason: string, owner: string, createdBy: string, createdAt: string, expiresAt: string, revokedAt: string | null }>, clusters: Array<{ id: string, name: string }> };

export type RevokeExceptionMutationVariables = Exact<{
  id: string;
}>;


export type RevokeExceptionMutation = { revokeException: { id: string } };

export type ObjectChangeFieldsFragment = { id: string, at: string, type: ChangeType, kind: string, namespace: string | null, name: string, evaluationId: string, diff: Array<{ path: string, before: unknown, after: unknown }> };

export type FindingDetailQueryVariables = Exact<{
  id: string;
}>;


export type FindingDetailQuery = { finding: { fingerprint: string, paths: Array<string>, reopenCount: number, resolutionReason: ResolutionReason | null, id: string, ruleId: string, severity: Severity, status: FindingStatus, excepted: boolean, platform: boolean, clusterId: string, container: string | null, firstSeenAt: string, resolvedAt: string | null, message: string, primary: { id: string, ruleId: string, severity: Severity, status: FindingStatus, excepted: boolean, platform: boolean, clusterId: string, container: string | null, firstSeenAt: string, resolvedAt: string | null, message: string, resource: { kind: string, namespace: string | null, name: string } } | null, related: Array<{ id: string, ruleId: string, severity: Severity, status: FindingStatus, excepted: boolean, platform: boolean, clusterId: string, container: string | null, firstSeenAt: string, resolvedAt: string | null, message: string, resource: { kind: string, namespace: string | null, name: string } }>, rule: { id: string, title: string, area: string, practice: string, severity: Severity, rationale: string, remediation: { text: string, yaml: string }, references: Array<{ framework: string, control: string | null, section: string | null, level: string | null }> }, events: Array<{ id: string, at: string, type: FindingEventType, severity: Severity, reason: ResolutionReason | null, cause: { id: string, at: string, type: ChangeType, kind: string, namespace: string | null, name: string, evaluationId: string, diff: Array<{ path: string, before: unknown, after: unknown }> } | null }>, resource: { kind: string, namespace: string | null, name: string } }, clusters: Array<{ id: string, name: string }> };

export type CreateExceptionMutationVariables = Exact<{
  input: CreateExceptionInput;
}>;


export type CreateExceptionMutation = { createException: { id: string, expiresAt: string } };

export type ReevaluateMutationVariables = Exact<{
  clusterId: string;
}>;


export type ReevaluateMutation = { requestReevaluation: string };

export type FindingRowFragment = { id: string, ruleId: string, severity: Severity, status: FindingStatus, excepted: boolean, platform: boolean, clusterId: string, container: string | null, firstSeenAt: string, resolvedAt: string | null, message: string, resource: { kind: string, namespace: string | null, name: string } };

export type FindingsFirstQueryVariables = Exact<{
  filter?: FindingFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type FindingsFirstQuery = { findings: { pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { id: string, ruleId: string, severity: Severity, status: FindingStatus, excepted: boolean, platform: boolean, clusterId: string, container: string | null, firstSeenAt: string, resolvedAt: string | null, message: string, resource: { kind: string, namespace: string | null, name: string } } }> }, clusters: Array<{ id: string, name: string }>, rules: Array<{ id: string, title: string, practice: string }> };

export type FindingsCountQueryVariables = Exact<{
  filter?: FindingFilter | null | undefined;
}>;


export type FindingsCountQuery = { findings: { totalCount: number } };

export type FindingsMoreQueryVariables = Exact<{
  filter?: FindingFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FindingsMoreQuery = { findings: { pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { id: string, ruleId: string, severity: Severity, status: FindingStatus, excepted: boolean, platform: boolean, clusterId: string, container: string | null, firstSeenAt: string, resolvedAt: string | null, message: string, resource: { kind: string, namespace: string | null, name: string } } }> } };

export type FindingsGroupsQueryVariables = Exact<{
  filter?: FindingFilter | null | undefined;
  by: FindingGroupBy;
}>;


export type FindingsGroupsQuery = { findingGroups: { totalGroups: number, totalFindings: number, groups: Array<{ key: string, clusterId: string | null, namespace: string | null, kind: string | null, name: string | null, total: number, highest: Severity, counts: { critical: number, high: number, medium: number, low: number, info: number } }> }, clusters: Array<{ id: string, name: string }>, rules: Array<{ id: string, title: string, practice: string }> };

export type PeopleQueryVariables = Exact<{ [key: string]: never; }>;


export type PeopleQuery = { members: Array<{ id: string, role: Role, teamIds: Array<string> | null, createdAt: string, user: { id: string, name: string, email: string, lastSignInAt: string | null, totpEnabled: boolean } }>, teams: Array<{ id: string, name: string, description: string }> };

export type InvitationsQueryVariables = Exact<{ [key: string]: never; }>;


export type InvitationsQuery = { invitations: Array<{ id: string, email: string, role: Role, teamIds: Array<string> | null, expiresAt: string, acceptedAt: string | null, revokedAt: string | null }> };

export type InviteMutationVariables = Exact<{
  email: string;
  access: AccessInput;
}>;


export type InviteMutation = { createInvitation: { mailed: boolean, link: string | null } };

export type RemoveMemberMutationVariables = Exact<{
  id: string;
}>;


export type RemoveMemberMutation = { removeMember: { id: string } };

export type UpdateMemberMutationVariables = Exact<{
  id: string;
  access: AccessInput;
}>;


export type UpdateMemberMutation = { updateMember: { id: string, role: Role } };

export type CreateTeamMutationVariables = Exact<{
  name: string;
  description?: string | null | undefined;
}>;


export type CreateTeamMutation = { createTeam: { id: string } };

export type OverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewQuery = { postureOverview: { score: number | null, topRules: { totalFindings: number, groups: Array<{ key: string, total: number, highest: Severity }> }, counts: { critical: number, high: number, medium: number, low: number, info: number }, changes: { since: string, opened: number, resolved: number, reopened: number }, trend: Array<{ day: string, score: number, clusters: number, counts: { critical: number, high: number, medium: number, low: number, info: number } }>, clusters: Array<{ score: number | null, lastEvaluatedAt: string | null, counts: { critical: number, high: number, medium: number, low: number, info: number }, cluster: { id: string, name: string, stale: boolean, lastSnapshotAt: string | null, lastHeartbeatAt: string | null, kubernetesVersion: string | null, agentVersion: string | null } }> }, rules: Array<{ id: string, title: string }> };

export type RegisterClusterMutationVariables = Exact<{
  name: string;
}>;


export type RegisterClusterMutation = { registerCluster: { agentToken: string, installManifests: string | null, cluster: { id: string, name: string } } };

export type SettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsQuery = { organizationSettings: { trustedRegistries: Array<string>, minimalImages: Array<string>, immutableTagImages: Array<string>, alertOnPlatformFindings: boolean, dormantAccountDays: number, historyRetentionDays: number, historyRetentionIsDefault: boolean, severityOverrides: Array<{ ruleId: string, severity: Severity }> }, rules: Array<{ id: string, title: string, severity: Severity }> };

export type UpdateSettingsMutationVariables = Exact<{
  input: UpdateOrganizationSettingsInput;
}>;


export type UpdateSettingsMutation = { updateOrganizationSettings: { trustedRegistries: Array<string> } };

export type StartOrganizationMutationVariables = Exact<{
  name: string;
}>;


export type StartOrganizationMutation = { startOrganization: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CountsFragmentDoc = new TypedDocumentString(`
    fragment Counts on SeverityCountsObject {
  critical
  high
  medium
  low
  info
}
    `, {"fragmentName":"Counts"}) as unknown as TypedDocumentString<CountsFragment, unknown>;
export const DriftRowFragmentDoc = new TypedDocumentString(`
    fragment DriftRow on Finding {
  id
  ruleId
  severity
  resource {
    kind
    namespace
    name
  }
}
    `, {"fragmentName":"DriftRow"}) as unknown as TypedDocumentString<DriftRowFragment, unknown>;
export const ObjectChangeFieldsFragmentDoc = new TypedDocumentString(`
    fragment ObjectChangeFields on ObjectChange {
  id
  at
  type
  kind
  namespace
  name
  evaluationId
  diff {
    path
    before
    after
  }
}
    `, {"fragmentName":"ObjectChangeFields"}) as unknown as TypedDocumentString<ObjectChangeFieldsFragment, unknown>;
export const FindingRowFragmentDoc = new TypedDocumentString(`
    fragment FindingRow on Finding {
  id
  ruleId
  severity
  status
  excepted
  platform
  clusterId
  container
  firstSeenAt
  resolvedAt
  message
  resource {
    kind
    namespace
    name
  }
}
    `, {"fragmentName":"FindingRow"}) as unknown as TypedDocumentString<FindingRowFragment, unknown>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    user {
      id
      name
      email
      totpEnabled
    }
    current {
      role
      teamIds
      organization {
        id
        name
        slug
      }
    }
    memberships {
      role
      organization {
        id
        name
        slug
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const SwitchOrganizationDocument = new TypedDocumentString(`
    mutation SwitchOrganization($organizationId: ID!) {
  switchOrganization(organizationId: $organizationId) {
    current {
      organization {
        id
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SwitchOrganizationMutation, SwitchOrganizationMutationVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints {
  webhookEndpoints {
    id
    kind
    url
    schedule
    namespaces
    teamIds
    clusterIds
    jira {
      email
      projectKey
      issueType
    }
    description
    enabled
    disabledReason
    failingSince
    eventTypes
    minSeverity
    createdAt
  }
}
    `) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($endpointId: ID!) {
  webhookDeliveries(endpointId: $endpointId, first: 50) {
    edges {
      node {
        id
        type
        status
        attempts
        createdAt
        deliveredAt
        lastStatusCode
        lastError
        webhookId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const TestWebhookEndpointDocument = new TypedDocumentString(`
    mutation TestWebhookEndpoint($id: ID!) {
  testWebhookEndpoint(id: $id) {
    succeeded
    statusCode
    latencyMs
    error
  }
}
    `) as unknown as TypedDocumentString<TestWebhookEndpointMutation, TestWebhookEndpointMutationVariables>;
export const RedeliverWebhookDocument = new TypedDocumentString(`
    mutation RedeliverWebhook($deliveryId: ID!) {
  redeliverWebhook(deliveryId: $deliveryId)
}
    `) as unknown as TypedDocumentString<RedeliverWebhookMutation, RedeliverWebhookMutationVariables>;
export const CreateAlertDestinationDocument = new TypedDocumentString(`
    mutation CreateAlertDestination($input: CreateAlertDestinationInput!) {
  createAlertDestination(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateAlertDestinationMutation, CreateAlertDestinationMutationVariables>;
export const UpdateAlertDestinationDocument = new TypedDocumentString(`
    mutation UpdateAlertDestination($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateAlertDestinationMutation, UpdateAlertDestinationMutationVariables>;
export const SetAlertDestinationEnabledDocument = new TypedDocumentString(`
    mutation SetAlertDestinationEnabled($id: ID!, $enabled: Boolean!) {
  updateWebhookEndpoint(id: $id, input: {enabled: $enabled}) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetAlertDestinationEnabledMutation, SetAlertDestinationEnabledMutationVariables>;
export const AlertRoutesDocument = new TypedDocumentString(`
    query AlertRoutes {
  teams {
    id
    name
  }
  clusters {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AlertRoutesQuery, AlertRoutesQueryVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  apiKeys {
    id
    name
    prefix
    role
    teamId
    createdAt
    lastUsedAt
    revokedAt
  }
  teams {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($name: String!, $role: Role!, $teamId: ID) {
  createApiKey(name: $name, role: $role, teamId: $teamId) {
    key
    apiKey {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const AuditDocument = new TypedDocumentString(`
    query Audit($action: String, $after: String) {
  auditLog(action: $action, after: $after, first: 100) {
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        id
        at
        action
        actorType
        actorId
        targetType
        targetId
        details
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditQuery, AuditQueryVariables>;
export const ClusterDetailDocument = new TypedDocumentString(`
    query ClusterDetail($id: ID!, $from: DateTime!, $to: DateTime!, $filter: FindingFilter!) {
  cluster(id: $id) {
    id
    name
    stale
    createdAt
    lastSnapshotAt
    lastHeartbeatAt
    kubernetesVersion
    agentVersion
    currentScore
  }
  postureTrend(clusterId: $id, from: $from, to: $to, bucket: HOUR) {
    at
    bucket
    score
    counts {
      ...Counts
    }
  }
  practices: findingGroups(by: PRACTICE, filter: $filter, first: 50) {
    groups {
      key
      total
      counts {
        ...Counts
      }
    }
  }
  namespaces: findingGroups(by: NAMESPACE, filter: $filter, first: 10) {
    totalGroups
    groups {
      key
      namespace
      total
      highest
      counts {
        ...Counts
      }
    }
  }
  evaluations(clusterId: $id, first: 50) {
    edges {
      node {
        id
        collectedAt
        evaluatedAt
        score
        opened
        resolved
        reopened
        counts {
          ...Counts
        }
      }
    }
  }
}
    fragment Counts on SeverityCountsObject {
  critical
  high
  medium
  low
  info
}`) as unknown as TypedDocumentString<ClusterDetailQuery, ClusterDetailQueryVariables>;
export const EvaluationDriftDocument = new TypedDocumentString(`
    query EvaluationDrift($clusterId: ID!, $from: DateTime!, $to: DateTime!) {
  drift(clusterId: $clusterId, from: $from, to: $to, limit: 200) {
    truncated
    counts {
      opened
      resolved
      reopened
      added
      modified
      removed
    }
    opened {
      finding {
        ...DriftRow
      }
    }
    resolved {
      finding {
        ...DriftRow
      }
    }
    reopened {
      finding {
        ...DriftRow
      }
    }
    added {
      ...ObjectChangeFields
    }
    modified {
      ...ObjectChangeFields
    }
    removed {
      ...ObjectChangeFields
    }
  }
}
    fragment DriftRow on Finding {
  id
  ruleId
  severity
  resource {
    kind
    namespace
    name
  }
}
fragment ObjectChangeFields on ObjectChange {
  id
  at
  type
  kind
  namespace
  name
  evaluationId
  diff {
    path
    before
    after
  }
}`) as unknown as TypedDocumentString<EvaluationDriftQuery, EvaluationDriftQueryVariables>;
export const RotateClusterTokenDocument = new TypedDocumentString(`
    mutation RotateClusterToken($clusterId: ID!) {
  rotateClusterToken(clusterId: $clusterId) {
    agentToken
    previousTokenValidUntil
    installManifests
  }
}
    `) as unknown as TypedDocumentString<RotateClusterTokenMutation, RotateClusterTokenMutationVariables>;
export const RevokeClusterTokenDocument = new TypedDocumentString(`
    mutation RevokeClusterToken($clusterId: ID!) {
  revokeClusterToken(clusterId: $clusterId)
}
    `) as unknown as TypedDocumentString<RevokeClusterTokenMutation, RevokeClusterTokenMutationVariables>;
export const DeleteClusterDocument = new TypedDocumentString(`
    mutation DeleteCluster($id: ID!) {
  deleteCluster(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteClusterMutation, DeleteClusterMutationVariables>;
export const ComplianceDocument = new TypedDocumentString(`
    query Compliance($framework: String!, $clusterIds: [ID!], $at: DateTime) {
  frameworks {
    id
    name
    version
  }
  clusters {
    id
    name
  }
  complianceReport(framework: $framework, clusterIds: $clusterIds, at: $at) {
    at
    framework {
      id
      name
      version
      publisher
      url
    }
    summary {
      pass
      fail
      acceptedRisk
      notEvaluable
      manual
      percentage
    }
    clusters {
      clusterId
      name
      evaluationId
      collectedAt
      summary {
        percentage
      }
    }
    controls {
      status
      reason
      failingFindings
      acceptedFindings
      control {
        id
        title
        group
        requirement
        source
        rules {
          id
          title
        }
      }
      clusters {
        clusterId
        status
        failingFindings
        acceptedFindings
      }
      acceptedRisks {
        id
        owner
        reason
        scope
        expiresAt
      }
    }
  }
  complianceTrend(
    framework: $framework
    clusterIds: $clusterIds
    days: 30
    to: $at
  ) {
    at
    summary {
      fail
      percentage
    }
  }
}
    `) as unknown as TypedDocumentString<ComplianceQuery, ComplianceQueryVariables>;
export const ControlFindingsDocument = new TypedDocumentString(`
    query ControlFindings($at: DateTime, $filter: FindingFilter) {
  findings(
    at: $at
    filter: $filter
    first: 50
    orderBy: {field: SEVERITY, direction: DESC}
  ) {
    totalCount
    edges {
      node {
        id
        ruleId
        severity
        excepted
        clusterId
        firstSeenAt
        resource {
          kind
          namespace
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ControlFindingsQuery, ControlFindingsQueryVariables>;
export const ExceptionsDocument = new TypedDocumentString(`
    query Exceptions($includeInactive: Boolean!) {
  exceptions(includeInactive: $includeInactive) {
    id
    active
    ruleId
    clusterId
    namespace
    resourceKind
    resourceName
    reason
    owner
    createdBy
    createdAt
    expiresAt
    revokedAt
  }
  clusters {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ExceptionsQuery, ExceptionsQueryVariables>;
export const RevokeExceptionDocument = new TypedDocumentString(`
    mutation RevokeException($id: ID!) {
  revokeException(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RevokeExceptionMutation, RevokeExceptionMutationVariables>;
export const FindingDetailDocument = new TypedDocumentString(`
    query FindingDetail($id: ID!) {
  finding(id: $id) {
    ...FindingRow
    fingerprint
    paths
    reopenCount
    resolutionReason
    primary {
      ...FindingRow
    }
    related {
      ...FindingRow
    }
    rule {
      id
      title
      area
      practice
      severity
      rationale
      remediation {
        text
        yaml
      }
      references {
        framework
        control
        section
        level
      }
    }
    events {
      id
      at
      type
      severity
      reason
      cause {
        ...ObjectChangeFields
      }
    }
  }
  clusters {
    id
    name
  }
}
    fragment ObjectChangeFields on ObjectChange {
  id
  at
  type
  kind
  namespace
  name
  evaluationId
  diff {
    path
    before
    after
  }
}
fragment FindingRow on Finding {
  id
  ruleId
  severity
  status
  excepted
  platform
  clusterId
  container
  firstSeenAt
  resolvedAt
  message
  resource {
    kind
    namespace
    name
  }
}`) as unknown as TypedDocumentString<FindingDetailQuery, FindingDetailQueryVariables>;
export const CreateExceptionDocument = new TypedDocumentString(`
    mutation CreateException($input: CreateExceptionInput!) {
  createException(input: $input) {
    id
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CreateExceptionMutation, CreateExceptionMutationVariables>;
export const ReevaluateDocument = new TypedDocumentString(`
    mutation Reevaluate($clusterId: ID!) {
  requestReevaluation(clusterId: $clusterId)
}
    `) as unknown as TypedDocumentString<ReevaluateMutation, ReevaluateMutationVariables>;
export const FindingsFirstDocument = new TypedDocumentString(`
    query FindingsFirst($filter: FindingFilter, $first: Int) {
  findings(filter: $filter, first: $first) {
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        ...FindingRow
      }
    }
  }
  clusters {
    id
    name
  }
  rules {
    id
    title
    practice
  }
}
    fragment FindingRow on Finding {
  id
  ruleId
  severity
  status
  excepted
  platform
  clusterId
  container
  firstSeenAt
  resolvedAt
  message
  resource {
    kind
    namespace
    name
  }
}`) as unknown as TypedDocumentString<FindingsFirstQuery, FindingsFirstQueryVariables>;
export const FindingsCountDocument = new TypedDocumentString(`
    query FindingsCount($filter: FindingFilter) {
  findings(filter: $filter, first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<FindingsCountQuery, FindingsCountQueryVariables>;
export const FindingsMoreDocument = new TypedDocumentString(`
    query FindingsMore($filter: FindingFilter, $first: Int, $after: String) {
  findings(filter: $filter, first: $first, after: $after) {
    pageInfo {
      endCursor
      hasNextPage
    }
    edges {
      node {
        ...FindingRow
      }
    }
  }
}
    fragment FindingRow on Finding {
  id
  ruleId
  severity
  status
  excepted
  platform
  clusterId
  container
  firstSeenAt
  resolvedAt
  message
  resource {
    kind
    namespace
    name
  }
}`) as unknown as TypedDocumentString<FindingsMoreQuery, FindingsMoreQueryVariables>;
export const FindingsGroupsDocument = new TypedDocumentString(`
    query FindingsGroups($filter: FindingFilter, $by: FindingGroupBy!) {
  findingGroups(filter: $filter, by: $by, first: 500) {
    totalGroups
    totalFindings
    groups {
      key
      clusterId
      namespace
      kind
      name
      total
      highest
      counts {
        ...Counts
      }
    }
  }
  clusters {
    id
    name
  }
  rules {
    id
    title
    practice
  }
}
    fragment Counts on SeverityCountsObject {
  critical
  high
  medium
  low
  info
}`) as unknown as TypedDocumentString<FindingsGroupsQuery, FindingsGroupsQueryVariables>;
export const PeopleDocument = new TypedDocumentString(`
    query People {
  members {
    id
    role
    teamIds
    createdAt
    user {
      id
      name
      email
      lastSignInAt
      totpEnabled
    }
  }
  teams {
    id
    name
    description
  }
}
    `) as unknown as TypedDocumentString<PeopleQuery, PeopleQueryVariables>;
export const InvitationsDocument = new TypedDocumentString(`
    query Invitations {
  invitations {
    id
    email
    role
    teamIds
    expiresAt
    acceptedAt
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<InvitationsQuery, InvitationsQueryVariables>;
export const InviteDocument = new TypedDocumentString(`
    mutation Invite($email: String!, $access: AccessInput!) {
  createInvitation(email: $email, access: $access) {
    mailed
    link
  }
}
    `) as unknown as TypedDocumentString<InviteMutation, InviteMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($id: ID!) {
  removeMember(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const UpdateMemberDocument = new TypedDocumentString(`
    mutation UpdateMember($id: ID!, $access: AccessInput!) {
  updateMember(id: $id, access: $access) {
    id
    role
  }
}
    `) as unknown as TypedDocumentString<UpdateMemberMutation, UpdateMemberMutationVariables>;
export const CreateTeamDocument = new TypedDocumentString(`
    mutation CreateTeam($name: String!, $description: String) {
  createTeam(name: $name, description: $description) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateTeamMutation, CreateTeamMutationVariables>;
export const OverviewDocument = new TypedDocumentString(`
    query Overview {
  postureOverview(trendDays: 30, changesHours: 24, topRules: 8) {
    topRules {
      totalFindings
      groups {
        key
        total
        highest
      }
    }
    score
    counts {
      ...Counts
    }
    changes {
      since
      opened
      resolved
      reopened
    }
    trend {
      day
      score
      clusters
      counts {
        ...Counts
      }
    }
    clusters {
      score
      lastEvaluatedAt
      counts {
        ...Counts
      }
      cluster {
        id
        name
        stale
        lastSnapshotAt
        lastHeartbeatAt
        kubernetesVersion
        agentVersion
      }
    }
  }
  rules {
    id
    title
  }
}
    fragment Counts on SeverityCountsObject {
  critical
  high
  medium
  low
  info
}`) as unknown as TypedDocumentString<OverviewQuery, OverviewQueryVariables>;
export const RegisterClusterDocument = new TypedDocumentString(`
    mutation RegisterCluster($name: String!) {
  registerCluster(name: $name) {
    agentToken
    installManifests
    cluster {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<RegisterClusterMutation, RegisterClusterMutationVariables>;
export const SettingsDocument = new TypedDocumentString(`
    query Settings {
  organizationSettings {
    trustedRegistries
    minimalImages
    immutableTagImages
    alertOnPlatformFindings
    dormantAccountDays
    historyRetentionDays
    historyRetentionIsDefault
    severityOverrides {
      ruleId
      severity
    }
  }
  rules {
    id
    title
    severity
  }
}
    `) as unknown as TypedDocumentString<SettingsQuery, SettingsQueryVariables>;
export const UpdateSettingsDocument = new TypedDocumentString(`
    mutation UpdateSettings($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) {
    trustedRegistries
  }
}
    `) as unknown as TypedDocumentString<UpdateSettingsMutation, UpdateSettingsMutationVariables>;
export const StartOrganizationDocument = new TypedDocumentString(`
    mutation StartOrganization($name: String!) {
  startOrganization(name: $name) {
    id
  }
}
    `) as unknown as TypedDocumentString<StartOrganizationMutation, StartOrganizationMutationVariables>;