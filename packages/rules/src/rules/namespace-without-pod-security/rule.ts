import type { Rule, RuleResult } from '../../types';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export const namespaceWithoutPodSecurity: Rule = {
  id: 'namespace-without-pod-security',
  title: 'Namespace does not enforce a Pod Security Standard',
  area: 'users',
  practice: 'Policy agent',
  severity: 'MEDIUM',
  rationale:
    'Pod Security Admission is built in and free: a single label makes the API server refuse privileged, ' +
    'host-namespace and root pods in the namespace. Without it, nothing does by default.',
  remediation: {
    text: 'Label the namespace with the strictest level its workloads pass (restricted, else baseline).',
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.2.1' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['namespaces'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const ns of snapshot.namespaces) {
      const level = ns.labels[ENFORCE];
      if (level === 'baseline' || level === 'restricted') continue;
      results.push({
        resource: { kind: 'Namespace', name: ns.name },
        message:
          level === 'privileged'
            ? `Namespace ${ns.name} enforces the privileged level, which allows everything. Enforce baseline or restricted.`
            : `Namespace ${ns.name} has no ${ENFORCE} label. Enforce baseline or restricted.`,
        paths: [`metadata.labels["${ENFORCE}"]`],
      });
    }
    return results;
  },
};
