import type { Severity } from '@kubeward/rules';
import type { Message, OutboxEvents } from '../../outbox/alert-payloads';
import { clusterUrl, evaluationOf, findingLine, findingUrl, type Links, resourceLabel, truncate } from './render';

/**
 * PagerDuty Events API v2 events for a message: a `trigger` per finding opened or reopened, a
 * `resolve` per finding resolved, so an incident closes itself when the cluster is fixed; a stale
 * cluster triggers and its recovery resolves. The dedup key is the finding's fingerprint within
 * its cluster (the same manifest in two clusters is two problems): a retried or repeated trigger
 * lands on the open alert instead of paging again.
 */

export const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  CRITICAL: 'critical',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'info',
  INFO: 'info',
};

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: { href: string; text: string }[];
}

const dedupKey = (clusterId: string, what: string) => truncate(`kubeward/${clusterId}/${what}`, 255);

export function pagerDutyEvents(message: Message, routingKey: string, links: Links): PagerDutyEvent[] {
  const client = links.console ? { client: 'Kubeward', client_url: links.console } : { client: 'Kubeward' };
  const evaluation = evaluationOf(message);
  if (evaluation) {
    return evaluation.findings.map((f): PagerDutyEvent => {
      const dedup_key = dedupKey(evaluation.cluster.id, f.fingerprint ?? f.id);
      if (f.event === 'finding.resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key };
      const line = findingLine(f);
      const url = findingUrl(links, f.id);
      return {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key,
        payload: {
          summary: truncate(`[${f.severity}] ${line.title}: ${line.where} in ${evaluation.cluster.name}`, 1024),
          source: evaluation.cluster.name,
          severity: PAGERDUTY_SEVERITY[f.severity],
          timestamp: message.timestamp,
          component: truncate(resourceLabel(f.resource), 255),
          group: truncate(f.resource.namespace ?? evaluation.cluster.name, 255),
          class: f.rule.id,
          custom_details: {
            message: f.message,
            rule: f.rule.id,
            paths: f.paths.slice(0, 20),
            reopened: f.event === 'finding.reopened',
            cause: f.cause ? f.cause.diff.slice(0, 10) : null,
            remediation: f.remediation?.text ?? null,
            findingId: f.id,
          },
        },
        ...client,
        ...(url ? { links: [{ href: url, text: 'The finding in Kubeward' }] } : {}),
      };
    });
  }
  if (message.type === 'cluster.stale' || message.type === 'cluster.recovered') {
    const { cluster } = message.data as unknown as OutboxEvents['cluster.stale'];
    const dedup_key = dedupKey(cluster.id, 'cluster.stale');
    if (message.type === 'cluster.recovered') return [{ routing_key: routingKey, event_action: 'resolve', dedup_key }];
    const url = clusterUrl(links, cluster.id);
    return [
      {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key,
        payload: {
          summary: truncate(`Cluster ${cluster.name} stopped reporting to Kubeward`, 1024),
          source: cluster.name,
          severity: 'error',
          timestamp: message.timestamp,
          class: 'cluster.stale',
          custom_details: message.data,
        },
        ...client,
        ...(url ? { links: [{ href: url, text: 'The cluster in Kubeward' }] } : {}),
      },
    ];
  }
  if (message.type === 'webhook.test') {
    // Triggered and resolved at once: proves the key works and leaves nothing open.
    const dedup_key = `kubeward/test/${(message.data as unknown as OutboxEvents['webhook.test']).endpoint.id}`;
    return [
      {
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key,
        payload: {
          summary: 'Kubeward test event: this integration works (resolved at once)',
          source: 'kubeward',
          severity: 'info',
          timestamp: message.timestamp,
        },
        ...client,
      },
      { routing_key: routingKey, event_action: 'resolve', dedup_key },
    ];
  }
  // Posture and control changes are not pages: their findings are.
  return [];
}
