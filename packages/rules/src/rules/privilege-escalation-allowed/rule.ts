import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

export const privilegeEscalationAllowed: Rule = {
  id: 'privilege-escalation-allowed',
  title: 'Container allows privilege escalation',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent through ' +
    'setuid binaries or file capabilities (no_new_privs is not set). The default is to allow it.',
  remediation: {
    text: 'Set `allowPrivilegeEscalation: false` on every container.',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        allowPrivilegeEscalation: false`,
  },
  references: [
    { framework: 'PSS', level: 'restricted', control: 'Privilege Escalation' },
    { framework: 'CIS-1.10', control: '5.2.6' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      const value = c.securityContext.allowPrivilegeEscalation;
      if (value === false) continue;
      results.push(
        containerResult(
          e,
          value === true
            ? 'allows privilege escalation'
            : 'allows privilege escalation (allowPrivilegeEscalation is not set, and defaults to true)',
          'Set securityContext.allowPrivilegeEscalation: false.',
          one(e, 'securityContext.allowPrivilegeEscalation'),
        ),
      );
    }
    return results;
  },
};
