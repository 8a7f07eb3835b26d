import { severityRank } from '@kubeward/rules';
import {
  type DigestData,
  type EndpointFilter,
  endpointsFor,
  type EvaluationChanged,
  type FindingEventType,
  type Message,
  messageForEndpoint,
  type OutboxEvents,
} from './alert-payloads';

/** Findings a digest lists; its counts cover all of them. */
export const DIGEST_FINDINGS = 50;
/** A period's digest waits this long after it ends, for evaluations committing at its edge. */
export const DIGEST_GRACE_MS = 60_000;

export type DigestSchedule = DigestData['period']['schedule'];
const PERIOD_MS: Record<DigestSchedule, number> = { HOURLY: 3_600_000, DAILY: 86_400_000 };

/** The end of the last whole period (UTC hours and days) before `now` less the grace. */
export function periodEnd(schedule: DigestSchedule, now: Date): Date {
  const period = PERIOD_MS[schedule];
  return new Date(Math.floor((now.getTime() - DIGEST_GRACE_MS) / period) * period);
}

/**
 * One digest from the messages an endpoint would have received over a period (each already
 * through its filter), or null when there were none: a quiet period sends nothing.
 */
export function digestOf(
  messages: readonly Message[],
  organizationId: string,
  period: DigestData['period'],
): DigestData | null {
  if (messages.length === 0) return null;
  const counts: Record<FindingEventType, number> = {
    'finding.opened': 0,
    'finding.reopened': 0,
    'finding.resolved': 0,
  };
  const clusters = new Map<string, DigestData['clusters'][number]>();
  const findings: DigestData['findings'] = [];
  const notices: DigestData['notices'] = [];
  const evaluations = messages
    .filter((m) => m.type === 'evaluation.changed')
    .map((m) => m.data as unknown as EvaluationChanged)
    .sort((a, b) => a.evaluation.collectedAt.localeCompare(b.evaluation.collectedAt));
  let listedAll = true;
  for (const e of evaluations) {
    const c = clusters.get(e.cluster.id) ?? {
      ...e.cluster,
      opened: 0,
      reopened: 0,
      resolved: 0,
      previousScore: e.posture.previousScore,
      score: e.posture.score,
    };
    c.opened += e.counts['finding.opened'];
    c.reopened += e.counts['finding.reopened'];
    c.resolved += e.counts['finding.resolved'];
    c.score = e.posture.score;
    clusters.set(e.cluster.id, c);
    for (const event of Object.keys(counts) as FindingEventType[]) counts[event] += e.counts[event];
    findings.push(...e.findings.map((f) => ({ ...f, cluster: e.cluster })));
    if (e.truncated) listedAll = false;
  }
  for (const m of messages) {
    if (m.type === 'cluster.stale' || m.type === 'cluster.recovered') {
      const { cluster } = m.data as unknown as OutboxEvents['cluster.stale'];
      notices.push({
        type: m.type,
        at: m.timestamp,
        text: m.type === 'cluster.stale' ? `${cluster.name} stopped reporting` : `${cluster.name} is reporting again`,
      });
    } else if (m.type === 'exception.expired') {
      const { exception } = m.data as unknown as OutboxEvents['exception.expired'];
      notices.push({ type: m.type, at: m.timestamp, text: `An accepted risk expired: ${exception.reason}` });
    }
  }
  // What got worse first, most severe first; then what was fixed.
  const order = (f: DigestData['findings'][number]) =>
    (f.event === 'finding.resolved' ? 0 : 10) + severityRank(f.severity);
  findings.sort((a, b) => order(b) - order(a));
  return {
    organization: { id: organizationId },
    period,
    counts,
    clusters: [...clusters.values()],
    findings: findings.slice(0, DIGEST_FINDINGS),
    truncated: !listedAll || findings.length > DIGEST_FINDINGS,
    notices: notices.sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/**
 * An endpoint's digest over a period from the organisation's outbox events in it: each event
 * through the endpoint's routing and filter as if it had been sent at once.
 */
export function digestFor<
  E extends EndpointFilter & { organizationId: string; teamId: string | null; teamIds?: string[] },
>(
  endpoint: E,
  events: readonly {
    type: string;
    organizationId: string;
    clusterId: string | null;
    payload: unknown;
    createdAt: Date;
  }[],
  teamOf: ReadonlyMap<string, string | null>,
  period: DigestData['period'],
): DigestData | null {
  const messages = events.flatMap((event) => {
    if (event.type === 'digest' || event.type === 'webhook.test') return [];
    if (endpointsFor(event, [endpoint], teamOf).length === 0) return [];
    const message = messageForEndpoint(event, endpoint, event.createdAt, DIGEST_FINDINGS);
    return message ? [message] : [];
  });
  return digestOf(messages, endpoint.organizationId, period);
}
