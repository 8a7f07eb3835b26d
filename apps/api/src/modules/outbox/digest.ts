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

/** Notices a digest lists (stale and recovered clusters, expired risks). */
export const DIGEST_NOTICES = 50;

const worstFirst = (f: DigestData['findings'][number]) =>
  (f.event === 'finding.resolved' ? 0 : 10) + severityRank(f.severity);

/**
 * A digest built one message at a time, in the order they happened, holding only what it will
 * send (the worst findings, the counts): a busy period's events are read in pages, never all at once.
 */
export class Digest {
  private readonly counts: Record<FindingEventType, number> = {
    'finding.opened': 0,
    'finding.reopened': 0,
    'finding.resolved': 0,
  };
  private readonly clusters = new Map<string, DigestData['clusters'][number]>();
  private findings: DigestData['findings'] = [];
  private readonly notices: DigestData['notices'] = [];
  private messages = 0;
  private truncated = false;

  add(m: Message): void {
    this.messages++;
    if (m.type === 'evaluation.changed') this.addEvaluation(m.data as unknown as EvaluationChanged);
    else if (this.notices.length >= DIGEST_NOTICES) this.truncated = true;
    else if (m.type === 'cluster.stale' || m.type === 'cluster.recovered') {
      const { cluster } = m.data as unknown as OutboxEvents['cluster.stale'];
      const text = m.type === 'cluster.stale' ? 'stopped reporting' : 'is reporting again';
      this.notices.push({ type: m.type, at: m.timestamp, text: `${cluster.name} ${text}` });
    } else if (m.type === 'exception.expired') {
      const { exception } = m.data as unknown as OutboxEvents['exception.expired'];
      this.notices.push({ type: m.type, at: m.timestamp, text: `An accepted risk expired: ${exception.reason}` });
    }
  }

  private addEvaluation(e: EvaluationChanged): void {
    const c = this.clusters.get(e.cluster.id) ?? {
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
    this.clusters.set(e.cluster.id, c);
    for (const event of Object.keys(this.counts) as FindingEventType[]) this.counts[event] += e.counts[event];
    this.findings.push(...e.findings.map((f) => ({ ...f, cluster: e.cluster })));
    if (e.truncated) this.truncated = true;
    // Kept to twice what is sent, cut back when it grows: memory stays bounded, sorting rare.
    if (this.findings.length > 2 * DIGEST_FINDINGS) this.keepWorst();
  }

  private keepWorst(): void {
    // Stable: of equal findings, the earlier stays.
    this.findings.sort((a, b) => worstFirst(b) - worstFirst(a));
    if (this.findings.length > DIGEST_FINDINGS) {
      this.findings = this.findings.slice(0, DIGEST_FINDINGS);
      this.truncated = true;
    }
  }

  /** The digest, or null when nothing happened: a quiet period sends nothing. */
  result(organizationId: string, period: DigestData['period']): DigestData | null {
    if (this.messages === 0) return null;
    this.keepWorst();
    return {
      organization: { id: organizationId },
      period,
      counts: { ...this.counts },
      clusters: [...this.clusters.values()],
      findings: this.findings,
      truncated: this.truncated,
      notices: this.notices,
    };
  }
}

/** The message a digest endpoint would have received for one outbox event, or null. */
export function digestMessage<
  E extends EndpointFilter & { organizationId: string; teamId: string | null; teamIds?: string[] },
>(
  endpoint: E,
  event: { type: string; organizationId: string; clusterId: string | null; payload: unknown; createdAt: Date },
  teamOf: ReadonlyMap<string, string | null>,
): Message | null {
  if (event.type === 'digest' || event.type === 'webhook.test') return null;
  if (endpointsFor(event, [endpoint], teamOf).length === 0) return null;
  return messageForEndpoint(event, endpoint, event.createdAt, DIGEST_FINDINGS);
}
