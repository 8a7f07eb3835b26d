import { serviceAccountIndex, tokenMounted } from '../../service-accounts';
import type { Rule, RuleResult } from '../../types';
import { podField, workloadResult } from '../../workload';

export const defaultServiceAccountUsed: Rule = {
  id: 'default-service-account-used',
  title: "Pod runs as the namespace's default service account",
  area: 'pods',
  practice: 'Conscious of the service account',
  severity: 'LOW',
  rationale:
    "Every pod that names no service account shares the namespace's `default` one, so any permission " +
    'granted to it for one workload is granted to all of them, and audit logs cannot tell them apart.',
  remediation: {
    text: 'Create a service account per workload and name it in the pod spec; leave `default` without permissions or token.',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata: { name: payments, namespace: shop }
automountServiceAccountToken: false
---
spec:
  template:
    spec:
      serviceAccountName: payments`,
  },
  references: [{ framework: 'CIS-1.10', control: '5.1.5' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const accounts = serviceAccountIndex(snapshot);
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      if (w.podSpec.serviceAccountName !== 'default') continue;
      // Without a mounted token the identity cannot be used from the pod.
      if (!tokenMounted(snapshot, w, accounts)) continue;
      results.push(
        workloadResult(
          w,
          'runs as the default service account with its token mounted',
          'Give it a service account of its own.',
          podField(w, 'serviceAccountName'),
        ),
      );
    }
    return results;
  },
};
