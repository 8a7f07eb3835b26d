import type { ResourceRef, Severity } from '@kubeward/rules';
import type { DigestData, EvaluationChanged, Message, MessageFinding, OutboxEvents } from '../../outbox/alert-payloads';

/**
 * What every human-facing destination says about a message, in plain words: one headline, the
 * lines under it and where to look. Slack, Teams and mail lay these out; none invents its own.
 */

/** Where the console is (`PUBLIC_CONSOLE_URL`); without it messages carry no links. */
export interface Links {
  console?: string;
}

export const findingUrl = (links: Links, id: string): string | undefined =>
  links.console ? new URL(`/findings/${encodeURIComponent(id)}`, links.console).href : undefined;

export const clusterUrl = (links: Links, id: string): string | undefined =>
  links.console ? new URL(`/clusters/${encodeURIComponent(id)}`, links.console).href : undefined;

/** `namespace/Kind/name`, or `Kind/name` for cluster-scoped objects. */
export const resourceLabel = (r: ResourceRef): string =>
  r.namespace ? `${r.namespace}/${r.kind}/${r.name}` : `${r.kind}/${r.name}`;

/** At most `max` characters (code points, so an emoji is never cut in half), ending in … when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const VERB: Record<MessageFinding['event'], string> = {
  'finding.opened': 'opened',
  'finding.reopened': 'reopened',
  'finding.resolved': 'resolved',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The evaluation's data, when the message is one. */
export const evaluationOf = (message: Message): EvaluationChanged | null =>
  message.type === 'evaluation.changed' ? (message.data as unknown as EvaluationChanged) : null;

/** One line for a finding: severity, what, where. */
export function findingLine(f: MessageFinding & { cluster?: { name: string } }): {
  severity: Severity;
  verb: string;
  title: string;
  where: string;
} {
  // A digest's findings come from several clusters.
  const where =
    resourceLabel(f.resource) +
    (f.container ? ` (container ${f.container})` : '') +
    (f.cluster ? ` in ${f.cluster.name}` : '');
  return { severity: f.severity, verb: VERB[f.event], title: f.rule.title, where };
}

/** What a message is about: its headline, the facts under it and the console page it concerns. */
export interface Summary {
  headline: string;
  facts: { name: string; value: string }[];
  url?: string;
  /** The evaluation's findings, most severe first; empty for other messages. */
  findings: MessageFinding[];
  /** Findings counted, listed in the message or not. */
  total: number;
  tone: 'bad' | 'good' | 'neutral';
}

/** The first `max` findings of a summary, and how many more it counts. */
export function firstFindings(s: Summary, max: number): { listed: MessageFinding[]; more: number } {
  const listed = s.findings.slice(0, max);
  return { listed, more: s.total - listed.length };
}

export function summarise(message: Message, links: Links): Summary {
  const evaluation = evaluationOf(message);
  if (evaluation) return summariseEvaluation(evaluation, links);
  const data = message.data as Record<string, unknown>;
  switch (message.type) {
    case 'cluster.stale': {
      const d = data as unknown as OutboxEvents['cluster.stale'];
      return {
        headline: `Cluster ${d.cluster.name} stopped reporting`,
        facts: [
          { name: 'Last heard of', value: d.lastSeenAt ?? 'never' },
          { name: 'Stale after', value: plural(d.staleAfterMinutes, 'minute') },
        ],
        url: clusterUrl(links, d.cluster.id),
        findings: [],
        total: 0,
        tone: 'bad',
      };
    }
    case 'cluster.recovered': {
      const d = data as unknown as OutboxEvents['cluster.recovered'];
      return {
        headline: `Cluster ${d.cluster.name} is reporting again`,
        facts: [
          { name: 'Silent since', value: d.staleSince },
          { name: 'Heard of', value: d.lastSeenAt },
        ],
        url: clusterUrl(links, d.cluster.id),
        findings: [],
        total: 0,
        tone: 'good',
      };
    }
    case 'exception.expired': {
      const { exception: e } = data as unknown as OutboxEvents['exception.expired'];
      const scope = [e.ruleId, e.namespace, e.resourceKind && `${e.resourceKind}/${e.resourceName ?? '*'}`]
        .filter(Boolean)
        .join(' · ');
      return {
        headline: `An accepted risk expired: ${scope || 'every finding'}`,
        facts: [
          { name: 'Reason', value: e.reason },
          { name: 'Owner', value: e.owner },
          { name: 'Expired', value: e.expiresAt },
        ],
        url: links.console ? new URL('/exceptions', links.console).href : undefined,
        findings: [],
        total: 0,
        tone: 'neutral',
      };
    }
    case 'alert.digest':
      return summariseDigest(data as unknown as DigestData, links);
    case 'webhook.test':
      return {
        headline: 'Kubeward test message: this destination works',
        facts: [],
        url: links.console,
        findings: [],
        total: 0,
        tone: 'neutral',
      };
    default:
      return { headline: `Kubeward: ${message.type}`, facts: [], findings: [], total: 0, tone: 'neutral' };
  }
}

const findingCounts = (counts: Record<MessageFinding['event'], number>) =>
  [
    counts['finding.opened'] > 0 && `${plural(counts['finding.opened'], 'finding')} opened`,
    counts['finding.reopened'] > 0 && `${plural(counts['finding.reopened'], 'finding')} reopened`,
    counts['finding.resolved'] > 0 && `${plural(counts['finding.resolved'], 'finding')} resolved`,
  ].filter((p): p is string => typeof p === 'string');

function summariseDigest(d: DigestData, links: Links): Summary {
  const parts = findingCounts(d.counts);
  const worse = d.counts['finding.opened'] + d.counts['finding.reopened'];
  const hhmm = (iso: string) => iso.slice(11, 16);
  const span =
    d.period.schedule === 'HOURLY'
      ? `${d.period.from.slice(0, 10)} ${hhmm(d.period.from)}–${hhmm(d.period.to)} UTC`
      : `${d.period.from.slice(0, 10)} UTC`;
  return {
    headline: `${d.period.schedule === 'HOURLY' ? 'Hourly' : 'Daily'} digest, ${span}: ${parts.join(', ') || `${plural(d.notices.length, 'notice')}`}`,
    facts: [
      ...d.clusters.slice(0, 10).map((c) => ({
        name: c.name,
        value:
          [
            ...findingCounts({
              'finding.opened': c.opened,
              'finding.reopened': c.reopened,
              'finding.resolved': c.resolved,
            }),
          ].join(', ') + (c.score !== null ? `; score ${c.previousScore} → ${c.score}` : ''),
      })),
      ...d.notices.slice(0, 10).map((n) => ({ name: n.at.slice(0, 16).replace('T', ' '), value: n.text })),
    ],
    url: links.console ? new URL('/findings', links.console).href : undefined,
    findings: d.findings,
    total: Object.values(d.counts).reduce((a, b) => a + b, 0),
    tone: worse > 0 || d.notices.some((n) => n.type !== 'cluster.recovered') ? 'bad' : 'good',
  };
}

function summariseEvaluation(e: EvaluationChanged, links: Links): Summary {
  const worse = e.counts['finding.opened'] + e.counts['finding.reopened'];
  const parts = [
    ...findingCounts(e.counts),
    e.posture.degraded && `score down ${e.posture.drop} points`,
    e.controls.length > 0 && `${plural(e.controls.length, 'control')} regressed`,
  ].filter((p): p is string => typeof p === 'string');
  const facts = [
    { name: 'Score', value: `${e.posture.previousScore} → ${e.posture.score}` },
    ...e.controls
      .slice(0, 5)
      .map((c) => ({ name: `${c.framework} ${c.control}`, value: `${c.title} (failing: ${c.rules.join(', ')})` })),
  ];
  return {
    headline: `${e.cluster.name}: ${parts.join(', ') || 'posture changed'}`,
    facts,
    url: clusterUrl(links, e.cluster.id),
    findings: e.findings,
    total: Object.values(e.counts).reduce((a, b) => a + b, 0),
    tone: worse > 0 || e.posture.degraded || e.controls.length > 0 ? 'bad' : 'good',
  };
}
