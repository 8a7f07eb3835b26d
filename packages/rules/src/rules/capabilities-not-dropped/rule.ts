import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

/** PSS restricted, first half: drop ALL (capabilities-added is the second). */
export const capabilitiesNotDropped: Rule = {
  id: 'capabilities-not-dropped',
  title: 'Container keeps Linux capabilities it does not need',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    'Container runtimes grant a default set of capabilities (NET_RAW, CHOWN, SETUID…) that most applications ' +
    'never use and attackers do (NET_RAW allows ARP and DNS spoofing). The restricted Pod Security Standard ' +
    'drops them all and allows adding back only NET_BIND_SERVICE.',
  remediation: {
    text: 'Drop ALL capabilities; add back NET_BIND_SERVICE only if the process binds a port below 1024.',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        capabilities:
          drop: ["ALL"]`,
  },
  references: [
    { framework: 'PSS', level: 'restricted', control: 'Capabilities' },
    { framework: 'CIS-1.10', control: '5.2.8' },
    { framework: 'CIS-1.10', control: '5.2.10' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: hardening container environments' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      const drop = c.securityContext.capabilities?.drop ?? [];
      if (drop.some((d) => d.toUpperCase() === 'ALL')) continue;
      results.push(
        containerResult(
          e,
          'does not drop ALL capabilities',
          'Add capabilities.drop: ["ALL"].',
          one(e, 'securityContext.capabilities.drop'),
        ),
      );
    }
    return results;
  },
};
