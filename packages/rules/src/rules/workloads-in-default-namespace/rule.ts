import type { Rule } from '../../types';
import { workloadResult } from '../../workload';

export const workloadsInDefaultNamespace: Rule = {
  id: 'workloads-in-default-namespace',
  title: 'Workload runs in the default namespace',
  area: 'cluster',
  practice: 'Secrets in Secrets',
  severity: 'LOW',
  rationale:
    'The default namespace is where everything lands by accident: RBAC, quotas, NetworkPolicies and Pod ' +
    "Security labels are rarely set on it, and its workloads share each other's secrets and permissions.",
  remediation: {
    text: 'Give each application a namespace of its own and deploy it there.',
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    pod-security.kubernetes.io/enforce: restricted`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.7.4' },
    { framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: namespaces' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    return snapshot.workloads
      .filter((w) => w.namespace === 'default')
      .map((w) =>
        workloadResult(w, 'runs in the default namespace', 'Move it to a namespace of its own.', [
          'metadata.namespace',
        ]),
      );
  },
};
