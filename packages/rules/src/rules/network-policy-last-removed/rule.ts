import { resourceKey } from '@kubeward/snapshot';
import { driftResult, standingOf } from '../../drift';
import type { Rule, RuleResult } from '../../types';

export const networkPolicyLastRemoved: Rule = {
  id: 'network-policy-last-removed',
  title: "A namespace's last NetworkPolicy was deleted",
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'HIGH',
  rationale:
    'Deleting the last NetworkPolicy of a namespace opens every pod in it to every other pod of the ' +
    'cluster, and lets them reach anything: the isolation the namespace had is gone at once. An attacker ' +
    'who can delete policies does it before moving laterally; so does a hurried debugging session.',
  remediation: {
    text: 'Restore the deleted policies (from your repository), or accept the open namespace with the reason.',
    yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny, namespace: shop }
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.3.2' },
    { framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: network policies' },
  ],
  needs: ['namespaces', 'networkPolicies'],
  drift: true,
  evaluate(snapshot, { history }) {
    const standing = standingOf(history!, 'network-policy-last-removed');
    const now = new Set(snapshot.networkPolicies.map((p) => p.namespace));
    const before = new Map<string, string[]>();
    for (const p of history!.previous.networkPolicies)
      before.set(p.namespace, [...(before.get(p.namespace) ?? []), p.name]);
    const results: RuleResult[] = [];
    for (const ns of snapshot.namespaces) {
      if (now.has(ns.name)) continue;
      const resource = { kind: 'Namespace', name: ns.name };
      const kept = standing.get(resourceKey(resource));
      const was = kept?.was ?? before.get(ns.name)?.sort();
      if (!was) continue;
      results.push(
        driftResult(
          snapshot,
          resource,
          kept,
          was,
          (since) =>
            `Namespace ${ns.name} has no NetworkPolicy left: ${was.join(', ')} deleted (seen since ${since}). ` +
            'Restore them, or accept the open namespace with the reason.',
          ['metadata.name'],
        ),
      );
    }
    return results;
  },
};
