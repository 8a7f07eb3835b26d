import type { Rule, RuleResult } from '../../types';
import { podMetaField, selects, workloadResult } from '../../workload';

const NONE: never[] = [];

export const namespaceWithoutNetworkPolicy: Rule = {
  id: 'namespace-without-network-policy',
  title: 'No NetworkPolicy selects the pods',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    'Kubernetes lets every pod reach every other pod by default. Pods that no NetworkPolicy selects can be ' +
    'reached from, and can reach, anything a compromised neighbour can: one breach becomes lateral movement.',
  remediation: {
    text: 'Add a default-deny NetworkPolicy to the namespace, then allow the traffic the workload needs.',
    yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: my-app }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.3.2' },
    { framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: network policies' },
  ],
  needs: ['workloads', 'networkPolicies'],
  evaluate(snapshot) {
    const byNamespace = new Map<string, typeof snapshot.networkPolicies>();
    for (const p of snapshot.networkPolicies) {
      const list = byNamespace.get(p.namespace);
      if (list) list.push(p);
      else byNamespace.set(p.namespace, [p]);
    }
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      // Host-network pods are outside the pod network: NetworkPolicies cannot apply to them.
      if (w.podSpec.hostNetwork) continue;
      const policies = byNamespace.get(w.namespace) ?? NONE;
      if (policies.some((p) => selects(p.podSelector, w.podLabels))) continue;
      results.push(
        workloadResult(
          w,
          policies.length === 0
            ? `runs in namespace "${w.namespace}", which has no NetworkPolicy`
            : 'is selected by no NetworkPolicy of its namespace',
          'Add a default-deny NetworkPolicy and allow only the traffic it needs.',
          podMetaField(w, 'labels'),
        ),
      );
    }
    return results;
  },
};
