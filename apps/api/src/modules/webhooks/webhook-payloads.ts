import { RULES_BY_ID, severityRank, type Severity } from '@kubeward/rules';
import type { LifecycleChange } from '../evaluation/evaluation.repository';

/** Version of the webhook payload format; documented in docs/webhooks.md. */
export const PAYLOAD_VERSION = 1;
/** At most this many findings travel in one message; `counts` always covers all of them. */
export const MAX_FINDINGS_PER_MESSAGE = 100;

export type FindingEventType = LifecycleChange['event'];

export interface FindingsChangedData {
  version: number;
  organization: { id: string };
  cluster: { id: string; name: string };
  evaluation: { id: string; score: number; collectedAt: string };
  changes: LifecycleChange[];
}

/** The outbox row's content: every change of one evaluation, before any endpoint's filter. */
export function findingsChangedEvent(data: FindingsChangedData): FindingsChangedData | null {
  return data.changes.length > 0 ? data : null;
}

export interface EndpointFilter {
  eventTypes: string[];
  minSeverity: Severity;
  includePlatform: boolean;
}

/** One endpoint's message for one evaluation, or null when nothing in it is for this endpoint. */
export function messageForEndpoint(data: FindingsChangedData, endpoint: EndpointFilter, timestamp: Date) {
  const matching = data.changes.filter(
    (c) =>
      endpoint.eventTypes.includes(c.event) &&
      severityRank(c.finding.severity) >= severityRank(endpoint.minSeverity) &&
      (endpoint.includePlatform || !c.finding.platform),
  );
  if (matching.length === 0) return null;
  const counts: Record<FindingEventType, number> = {
    'finding.opened': 0,
    'finding.reopened': 0,
    'finding.resolved': 0,
  };
  for (const c of matching) counts[c.event]++;
  return {
    type: 'findings.changed',
    timestamp: timestamp.toISOString(),
    data: {
      version: PAYLOAD_VERSION,
      organization: data.organization,
      cluster: data.cluster,
      evaluation: data.evaluation,
      counts,
      truncated: matching.length > MAX_FINDINGS_PER_MESSAGE,
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
          remediation: rule ? rule.remediation : null,
        };
      }),
    },
  };
}
