import {
  type Finding as EngineFinding,
  type RegressedControl,
  regressedControls,
  RULES_BY_ID,
  severityRank,
  type Severity,
} from '@kubeward/rules';
import type { FieldChange } from '@kubeward/snapshot';
import type { ResolutionReason } from '../../generated/prisma/enums';

/**
 * The alert outbox's vocabulary, shared by what writes it (evaluation, the alert monitor) and what
 * sends it (webhooks): the changes an evaluation made, the outbox rows, and the message each
 * endpoint receives. Pure: neither side depends on the other through it.
 */

export interface Cause {
  changeId: string;
  type: 'ADDED' | 'MODIFIED';
  diff: FieldChange[];
}

export interface LifecycleChange {
  event: 'finding.opened' | 'finding.reopened' | 'finding.resolved';
  findingId: string;
  cause?: Cause;
  finding: Pick<
    EngineFinding,
    'ruleId' | 'severity' | 'resource' | 'container' | 'message' | 'paths' | 'platform' | 'fingerprint'
  >;
  reason?: ResolutionReason;
  /** Reopened soon after being resolved, or resolved soon after such a reopening: no alert. */
  flapping?: true;
}

/** Version of the webhook payload format; documented in docs/webhooks.md. */
export const PAYLOAD_VERSION = 1;
/** At most this many findings travel in one message; `counts` always covers all of them. */
export const MAX_FINDINGS_PER_MESSAGE = 100;
/**
 * The changes an outbox row keeps: enough to fill any endpoint's message unless
 * its filter drops nearly all of them. Deploying a whole namespace can open thousands at once;
 * the row must stay small.
 */
export const STORED_CHANGES = 1_000;

/** What an endpoint can subscribe to. */
export const EVENT_TYPES = [
  'finding.opened',
  'finding.reopened',
  'finding.resolved',
  'posture.degraded',
  'control.regressed',
  'cluster.stale',
  'cluster.recovered',
  'exception.expired',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Everything that means "worse" or "look at this"; resolutions are opt-in. */
export const DEFAULT_EVENT_TYPES: EventType[] = EVENT_TYPES.filter((t) => t !== 'finding.resolved');

export type FindingEventType = LifecycleChange['event'];

/** How many changes of each kind an evaluation made: what `counts` is computed from. */
export interface Tally {
  event: FindingEventType;
  severity: Severity;
  platform: boolean;
  count: number;
}

interface Scope {
  organization: { id: string };
  cluster: { id: string; name: string };
}

/** The outbox rows (WebhookEvent.type → payload), before any endpoint's filter. */
export interface OutboxEvents {
  evaluation: Scope & {
    evaluation: { id: string; score: number; previousScore: number; collectedAt: string };
    /** Every change, counted; exact whatever an endpoint filters. */
    tally: Tally[];
    changes: LifecycleChange[];
    /** Framework controls that passed before this evaluation and fail after it (absent in older rows). */
    controls?: RegressedControl[];
  };
  'cluster.stale': Scope & { lastSeenAt: string | null; staleAfterMinutes: number };
  'cluster.recovered': Scope & { staleSince: string; lastSeenAt: string };
  'exception.expired': {
    organization: { id: string };
    exception: {
      id: string;
      clusterId: string | null;
      ruleId: string | null;
      namespace: string | null;
      resourceKind: string | null;
      resourceName: string | null;
      reason: string;
      owner: string;
      expiresAt: string;
    };
  };
  'webhook.test': { organization: { id: string }; endpoint: { id: string } };
  /** One endpoint's digest: what its filter let through over the period (see digest.ts). */
  digest: DigestData;
}

/** The data of an `alert.digest` message. */
export interface DigestData {
  organization: { id: string };
  period: { schedule: 'HOURLY' | 'DAILY'; from: string; to: string };
  counts: Record<FindingEventType, number>;
  clusters: {
    id: string;
    name: string;
    opened: number;
    reopened: number;
    resolved: number;
    /** The score before the period's first evaluation and after its last; null when none ran. */
    previousScore: number | null;
    score: number | null;
  }[];
  /** The most severe findings opened or reopened, then resolved ones; `truncated` when some were left out. */
  findings: (MessageFinding & { cluster: { id: string; name: string } })[];
  truncated: boolean;
  /** Stale and recovered clusters, expired risks: one line each. */
  notices: { type: string; at: string; text: string }[];
}
export type OutboxType = keyof OutboxEvents;

/** The evaluation's outbox payload; null when nothing in it could alert. */
export function evaluationEvent(data: Omit<OutboxEvents['evaluation'], 'tally'>): OutboxEvents['evaluation'] | null {
  const { score, previousScore } = data.evaluation;
  if (data.changes.length === 0 && score >= previousScore) return null;
  const tally = new Map<string, Tally>();
  for (const c of data.changes) {
    const key = `${c.event}|${c.finding.severity}|${c.finding.platform}`;
    const t = tally.get(key);
    if (t) t.count++;
    else tally.set(key, { event: c.event, severity: c.finding.severity, platform: c.finding.platform, count: 1 });
  }
  const order = (c: LifecycleChange) => (c.event === 'finding.resolved' ? 0 : 10) + severityRank(c.finding.severity);
  // Most severe first, so that a message cut at MAX_FINDINGS_PER_MESSAGE keeps what matters.
  const changes = [...data.changes].sort((a, b) => order(b) - order(a)).slice(0, STORED_CHANGES);
  return { ...data, tally: [...tally.values()], changes };
}

/**
 * The controls an evaluation took from passing to failing, from its open findings and its changes:
 * what was open before is what is open now, less what opened, plus what resolved. Platform
 * components are left out (they do not alert by default), and so are flapping reopenings; the
 * caller leaves out accepted risks.
 */
export function controlRegressions(
  current: readonly Pick<EngineFinding, 'ruleId' | 'platform'>[],
  changes: readonly LifecycleChange[],
): RegressedControl[] {
  const now = new Map<string, number>();
  const before = new Map<string, number>();
  const add = (counts: Map<string, number>, ruleId: string, n: number) =>
    counts.set(ruleId, (counts.get(ruleId) ?? 0) + n);
  for (const f of current) {
    if (f.platform) continue;
    add(now, f.ruleId, 1);
    add(before, f.ruleId, 1);
  }
  for (const c of changes) {
    if (c.finding.platform) continue;
    if (c.event === 'finding.resolved') add(before, c.finding.ruleId, 1);
    else if (!c.flapping) add(before, c.finding.ruleId, -1);
  }
  return regressedControls(
    (id) => before.get(id) ?? 0,
    (id) => now.get(id) ?? 0,
  );
}

export interface EndpointFilter {
  eventTypes: string[];
  minSeverity: Severity;
  includePlatform: boolean;
  clusterIds: string[];
  postureDropPoints: number;
  /** Only findings in these namespaces; empty or absent (deliveries of older releases) means all. */
  namespaces?: string[];
}

export interface Message {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { version: number };
}

/** One finding of an `evaluation.changed` message. */
export interface MessageFinding {
  event: FindingEventType;
  id: string;
  /** Stable for the finding in its cluster (absent in messages of older releases). */
  fingerprint?: string;
  rule: { id: string; title: string; area: string | null; practice: string | null; references: unknown[] };
  severity: Severity;
  resource: EngineFinding['resource'];
  container: string | null;
  message: string;
  paths: string[];
  platform: boolean;
  resolution: ResolutionReason | null;
  cause: { changeId: string; type: 'ADDED' | 'MODIFIED'; diff: FieldChange[] } | null;
  remediation: { text: string; yaml?: string } | null;
}

/** The data of an `evaluation.changed` message. */
export interface EvaluationChanged {
  version: number;
  events: string[];
  organization: { id: string };
  cluster: { id: string; name: string };
  evaluation: OutboxEvents['evaluation']['evaluation'];
  posture: { score: number; previousScore: number; drop: number; degraded: boolean };
  controls: RegressedControl[];
  counts: Record<FindingEventType, number>;
  truncated: boolean;
  findings: MessageFinding[];
}

/**
 * The endpoints of the event's organisation that may hear of it: the organisation's own hear of
 * everything, or of the clusters of the teams they route (`teamIds`); a team's only of its own
 * clusters (`teamOf`: each cluster's team now).
 */
export function endpointsFor<E extends { organizationId: string; teamId: string | null; teamIds?: string[] }>(
  event: { organizationId: string; clusterId: string | null },
  endpoints: E[],
  teamOf: ReadonlyMap<string, string | null>,
): E[] {
  const team = event.clusterId ? (teamOf.get(event.clusterId) ?? null) : null;
  return endpoints.filter(
    (p) =>
      p.organizationId === event.organizationId &&
      (p.teamId === null || (team !== null && p.teamId === team)) &&
      (!p.teamIds?.length || (team !== null && p.teamIds.includes(team))),
  );
}

/** What of an endpoint decides its messages, kept with each delivery. */
export const filterOf = (e: EndpointFilter): EndpointFilter => ({
  eventTypes: e.eventTypes,
  minSeverity: e.minSeverity,
  includePlatform: e.includePlatform,
  clusterIds: e.clusterIds,
  postureDropPoints: e.postureDropPoints,
  namespaces: e.namespaces ?? [],
});

/**
 * A delivery's body: rendered from its event with the filter it was written with, at the time it
 * was written, so every attempt sends the same message (a delivery of an older release kept its
 * body). Null when the event is gone (its month was dropped) or nothing in it is for the filter.
 */
export function deliveryBody(
  delivery: { payload: unknown; filter: unknown; createdAt: Date },
  event: { type: string; clusterId: string | null; payload: unknown } | null,
  maxFindings = MAX_FINDINGS_PER_MESSAGE,
): Message | null {
  if (delivery.payload !== null && delivery.payload !== undefined) return delivery.payload as Message;
  if (!event || !delivery.filter) return null;
  return messageForEndpoint(event, delivery.filter as EndpointFilter, delivery.createdAt, maxFindings);
}

/** One endpoint's message for one outbox event, or null when nothing in it is for this endpoint. */
export function messageForEndpoint(
  event: { type: string; clusterId: string | null; payload: unknown },
  endpoint: EndpointFilter,
  timestamp: Date,
  /** Findings carried: a pager or tracker needs every one the event kept, a person the first hundred. */
  maxFindings = MAX_FINDINGS_PER_MESSAGE,
): Message | null {
  const envelope = (type: string, data: Record<string, unknown>): Message => ({
    type,
    timestamp: timestamp.toISOString(),
    data: { version: PAYLOAD_VERSION, ...data },
  });
  const type = event.type as OutboxType;
  if (type === 'webhook.test') return envelope('webhook.test', event.payload as OutboxEvents['webhook.test']);
  // Written for one endpoint, through its filter, by the digest.
  if (type === 'digest') return envelope('alert.digest', event.payload as Record<string, unknown>);
  if (endpoint.clusterIds.length > 0 && (!event.clusterId || !endpoint.clusterIds.includes(event.clusterId)))
    return null;
  if (type === 'evaluation')
    return evaluationMessage(event.payload as OutboxEvents['evaluation'], endpoint, envelope, maxFindings);
  if (!endpoint.eventTypes.includes(type)) return null;
  return envelope(type, event.payload as Record<string, unknown>);
}

function evaluationMessage(
  data: OutboxEvents['evaluation'],
  endpoint: EndpointFilter,
  envelope: (type: string, data: Record<string, unknown>) => Message,
  maxFindings: number,
): Message | null {
  const wanted = (c: { event: FindingEventType; severity: Severity; platform: boolean }) =>
    endpoint.eventTypes.includes(c.event) &&
    severityRank(c.severity) >= severityRank(endpoint.minSeverity) &&
    (endpoint.includePlatform || !c.platform);
  const namespaces = endpoint.namespaces ?? [];
  const inNamespaces = (c: LifecycleChange) =>
    namespaces.length === 0 ||
    (c.finding.resource.namespace !== undefined && namespaces.includes(c.finding.resource.namespace));
  const counts: Record<FindingEventType, number> = {
    'finding.opened': 0,
    'finding.reopened': 0,
    'finding.resolved': 0,
  };
  let total = 0;
  // The tally knows no namespaces: a namespace filter counts the changes the event kept.
  const tally =
    namespaces.length === 0
      ? data.tally
      : data.changes
          .filter(inNamespaces)
          .map((c) => ({ event: c.event, severity: c.finding.severity, platform: c.finding.platform, count: 1 }));
  for (const t of tally) {
    if (!wanted(t)) continue;
    counts[t.event] += t.count;
    total += t.count;
  }
  const { score, previousScore } = data.evaluation;
  const drop = Math.round((previousScore - score) * 10) / 10;
  const degraded = endpoint.eventTypes.includes('posture.degraded') && drop >= endpoint.postureDropPoints;
  const controls = endpoint.eventTypes.includes('control.regressed') ? (data.controls ?? []) : [];
  if (total === 0 && !degraded && controls.length === 0) return null;
  // Score and controls are the cluster's: a destination for some namespaces hears of them only
  // beside a change in its namespaces, not for another namespace's.
  if (total === 0 && namespaces.length > 0) return null;
  const events = [
    ...(Object.keys(counts) as FindingEventType[]).filter((e) => counts[e] > 0),
    ...(degraded ? ['posture.degraded'] : []),
    ...(controls.length > 0 ? ['control.regressed'] : []),
  ];
  const matching = data.changes.filter((c) => inNamespaces(c) && wanted({ event: c.event, ...c.finding }));
  const body: Omit<EvaluationChanged, 'version'> = {
    events,
    organization: data.organization,
    cluster: data.cluster,
    evaluation: data.evaluation,
    posture: { score, previousScore, drop, degraded },
    controls,
    counts,
    truncated: total > Math.min(matching.length, maxFindings),
    findings: matching.slice(0, maxFindings).map((c): MessageFinding => {
      const rule = RULES_BY_ID.get(c.finding.ruleId);
      return {
        event: c.event,
        id: c.findingId,
        fingerprint: c.finding.fingerprint,
        rule: rule
          ? { id: rule.id, title: rule.title, area: rule.area, practice: rule.practice, references: rule.references }
          : { id: c.finding.ruleId, title: c.finding.ruleId, area: null, practice: null, references: [] },
        severity: c.finding.severity,
        resource: c.finding.resource,
        container: c.finding.container ?? null,
        message: c.finding.message,
        paths: c.finding.paths,
        platform: c.finding.platform,
        resolution: c.reason ?? null,
        // The change to the object, in this evaluation, that opened the finding.
        cause: c.cause ? { changeId: c.cause.changeId, type: c.cause.type, diff: c.cause.diff } : null,
        remediation: rule ? rule.remediation : null,
      };
    }),
  };
  return envelope('evaluation.changed', body as unknown as Record<string, unknown>);
}
