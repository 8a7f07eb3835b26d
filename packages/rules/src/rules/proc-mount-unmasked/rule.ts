import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

export const procMountUnmasked: Rule = {
  id: 'proc-mount-unmasked',
  title: 'Container mounts /proc unmasked',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    'The default /proc mount masks paths that reveal or control the host kernel; Unmasked exposes them to the container.',
  remediation: {
    text: 'Remove procMount (Default applies).',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        procMount: Default`,
  },
  references: [{ framework: 'PSS', level: 'baseline', control: '/proc Mount Type' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      const mount = c.securityContext.procMount;
      if (!mount || mount === 'Default') continue;
      results.push(
        containerResult(
          e,
          `mounts /proc as ${mount}`,
          'Use the Default proc mount.',
          one(e, 'securityContext.procMount'),
        ),
      );
    }
    return results;
  },
};
