import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

export const privilegedContainer: Rule = {
  id: 'privileged-container',
  title: 'Container runs privileged',
  area: 'pods',
  practice: 'No privileged containers',
  severity: 'CRITICAL',
  rationale:
    "A privileged container has every capability and direct access to the host's devices; escaping it to " +
    'the node is trivial, and from the node to the cluster often is too.',
  remediation: {
    text: 'Remove `privileged: true`. If the container needs one specific power, add only that capability.',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        privileged: false
        capabilities:
          drop: ["ALL"]`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'Privileged Containers' },
    { framework: 'CIS-1.10', control: '5.2.2' },
    {
      framework: 'NSA-CISA-1.2',
      section: 'Kubernetes Pod security: non-root containers and rootless container engines',
    },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      if (e.c.securityContext.privileged !== true) continue;
      results.push(
        containerResult(
          e,
          'runs privileged',
          'Set securityContext.privileged to false.',
          one(e, 'securityContext.privileged'),
        ),
      );
    }
    return results;
  },
};
