import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

// The three possible texts, built once rather than per container.
const BOTH = ['has no memory or cpu limit', 'Set resources.limits.memory and resources.limits.cpu.'] as const;
const MEMORY = ['has no memory limit', 'Set resources.limits.memory.'] as const;
const CPU = ['has no cpu limit', 'Set resources.limits.cpu.'] as const;

export const missingResourceLimits: Rule = {
  id: 'missing-resource-limits',
  title: 'Container has no memory or CPU limit',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'LOW',
  rationale:
    'A compromised or runaway container without limits can starve its node (cryptominers are the usual ' +
    'first payload) and take its neighbours down with it.',
  remediation: {
    text: 'Set resources.limits.memory and resources.limits.cpu (and requests) on every container.',
    yaml: `spec:
  containers:
    - name: app
      resources:
        requests: { cpu: 100m, memory: 128Mi }
        limits: { cpu: "1", memory: 256Mi }`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: resource policies' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      // Ephemeral containers cannot have resources.
      if (c.type === 'ephemeralContainers') continue;
      const memory = !c.resources.limits['memory'];
      const cpu = !c.resources.limits['cpu'];
      if (!memory && !cpu) continue;
      const [what, fix] = memory && cpu ? BOTH : memory ? MEMORY : CPU;
      results.push(containerResult(e, what, fix, one(e, 'resources.limits')));
    }
    return results;
  },
};
