import type { Snapshot } from '@kubeward/snapshot';
import { workloadInfo } from './resources';
import type { RuleResult } from './types';

/**
 * One result per namespace that runs application workloads (not only platform components) and
 * has none of what `covered` names: the LimitRange and ResourceQuota rules.
 */
export function uncoveredNamespaces(
  snapshot: Snapshot,
  covered: Set<string>,
  what: (namespace: string, workloads: number) => string,
): RuleResult[] {
  const counts = new Map<string, number>();
  for (const w of snapshot.workloads) {
    if (workloadInfo(w).platform || covered.has(w.namespace)) continue;
    counts.set(w.namespace, (counts.get(w.namespace) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, workloads]) => ({
      resource: { kind: 'Namespace', name: namespace },
      message: what(namespace, workloads),
      paths: ['metadata.name'],
    }));
}
