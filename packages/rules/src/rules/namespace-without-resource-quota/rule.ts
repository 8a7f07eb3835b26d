import { uncoveredNamespaces } from '../../quotas';
import type { Rule } from '../../types';

export const namespaceWithoutResourceQuota: Rule = {
  id: 'namespace-without-resource-quota',
  title: 'Namespace has no ResourceQuota',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'LOW',
  rationale:
    'A ResourceQuota caps what a namespace may consume in total (CPU, memory, pods, load balancers). Without one, ' +
    "a runaway deployment or whoever holds the namespace can take the whole cluster's capacity, and with it every " +
    "other team's availability.",
  remediation: {
    text: 'Add a ResourceQuota sized for the namespace.',
    yaml: `apiVersion: v1
kind: ResourceQuota
metadata: { name: compute, namespace: shop }
spec:
  hard:
    requests.cpu: "8"
    requests.memory: 16Gi
    limits.memory: 32Gi
    pods: "100"`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: resource policies' }],
  needs: ['workloads', 'quotas'],
  evaluate(snapshot) {
    const covered = new Set(snapshot.resourceQuotas.filter((q) => q.hard.length > 0).map((q) => q.namespace));
    return uncoveredNamespaces(
      snapshot,
      covered,
      (ns, n) => `Namespace ${ns} runs ${n} workload${n === 1 ? '' : 's'} and has no ResourceQuota. Add one.`,
    );
  },
};
