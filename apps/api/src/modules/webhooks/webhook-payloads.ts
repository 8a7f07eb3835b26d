import { RULES_BY_ID, severityRank, type Severity } from '@kubeward/rules';
import type { LifecycleChange } from '../evaluation/evaluation.repository';

/** Version of the webhook payload format; documented in docs/webhooks.md. */
export const PAYLOAD_VERSION = 1;
/** At most this many findings travel in one message; `counts` always covers all of them. */
export const MAX_FINDINGS_PER_MESSAGE = 100;

export type FindingEventType = LifecycleChange['event'];

/** How many changes of each kind an evaluation made: what `counts` is computed from. */
export interface Tally {
  event: FindingEventType;
  severity: Severity;
  platform: boolean;
  count: number;
}

export interface FindingsChangedData {
  version: number;
  organization: { id: string };
  cluster: { id: string; name: string };
  evaluation: { id: string; score: number; collectedAt: string };
  /** Every change, counted; exact whatever an endpoint filters. */
  tally: Tally[];
  /**
   * The changes themselves, most severe first, at most `STORED_CHANGES`: enough to fill any
   * endpoint's message (`MAX_FINDINGS_PER_MESSAGE`) unless its filter drops nearly all of them.
   * A first snapshot of a large cluster opens 50,000 findings; the outbox row must stay small.
   */
  changes: LifecycleChange[];
}

export const STORED_CHANGES = 1_000;

/** The outbox row's content for one evaluation, before any endpoint's filter; null when nothing changed. */
export function findingsChangedEvent(
  data: Omit<FindingsChangedData, 'tally' | 'changes'> & { changes: LifecycleChange[] },
): FindingsChangedData | null {
  if (data.changes.length === 0) return null;
  const tally = new Map<string, Tally>();
  for (const c of data.changes) {
    const key = `${c.event}|${c.finding.severity}|${c.finding.platform}`;
    const t = tally.get(key);
    if (t) t.count++;
    else tally.set(key, { event: c.event, severity: c.finding.severity, platform: c.finding.platform, count: 1 });
  }
  const order = (c: LifecycleChange) => (c.event === 'finding.resolved' ? 0 : 10) + severityRank(c.finding.severity);
  const changes =
    data.changes.length <= STORED_CHANGES
      ? data.changes
      : [...data.changes].sort((a, b) => order(b) - order(a)).slice(0, STORED_CHANGES);
  return { ...data, tally: [...tally.values()], changes };
}

export interface EndpointFilter {
  eventTypes: string[];
  minSeverity: Severity;
  includePlatform: boolean;
}

/** One endpoint's message for one evaluation, or null when nothing in it is for this endpoint. */
export function messageForEndpoint(data: FindingsChangedData, endpoint: EndpointFilter, timestamp: Date) {
  const wanted = (c: { event: FindingEventType; severity: Severity; platform: boolean }) =>
    endpoint.eventTypes.includes(c.event) &&
    severityRank(c.severity) >= severityRank(endpoint.minSeverity) &&
    (endpoint.includePlatform || !c.platform);
  const counts: Record<FindingEventType, number> = {
    'finding.opened': 0,
    'finding.reopened': 0,
    'finding.resolved': 0,
  };
  let total = 0;
  for (const t of data.tally) {
    if (!wanted(t)) continue;
    counts[t.event] += t.count;
    total += t.count;
  }
  if (total === 0) return null;
  const matching = data.changes.filter((c) => wanted({ event: c.event, ...c.finding }));
  return {
    type: 'findings.changed',
    timestamp: timestamp.toISOString(),
    data: {
      version: PAYLOAD_VERSION,
      organization: data.organization,
      cluster: data.cluster,
      evaluation: data.evaluation,
      counts,
      truncated: total > Math.min(matching.length, MAX_FINDINGS_PER_MESSAGE),
      findings: matching.slice(0, MAX_FINDINGS_PER_MESSAGE).map((c) => {
        const rule = RULES_BY_ID.get(c.finding.ruleId);
        return {
          event: c.event,
          id: c.findingId,
          ruleId: c.finding.ruleId,
          title: rule?.title ?? c.finding.ruleId,
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
    },
  };
}
