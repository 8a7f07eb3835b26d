import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, effective, effectivePaths } from '../../workload';

export const runAsRoot: Rule = {
  id: 'run-as-root',
  title: 'Container may run as root',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'HIGH',
  rationale:
    'A process running as UID 0 inside a container is root on the node too the moment it escapes, and can ' +
    'write to whatever host paths are mounted. Most images run fine as an unprivileged user.',
  remediation: {
    text: 'Set `runAsNonRoot: true` (and a non-zero `runAsUser` if the image has no USER) on the pod or container.',
    yaml: `spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001`,
  },
  references: [
    { framework: 'PSS', level: 'restricted', control: 'Running as Non-root' },
    { framework: 'PSS', level: 'restricted', control: 'Running as Non-root user' },
    { framework: 'CIS-1.10', control: '5.2.7' },
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
      const nonRoot = effective(e, 'runAsNonRoot');
      const user = effective(e, 'runAsUser');
      if (user === 0) {
        results.push(
          containerResult(
            e,
            'runs as root (runAsUser: 0)',
            'Set runAsUser to a non-zero UID.',
            effectivePaths(e, 'runAsUser'),
          ),
        );
      } else if (nonRoot !== true && !(user !== undefined && user > 0)) {
        results.push(
          containerResult(
            e,
            'may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set',
            'Set securityContext.runAsNonRoot: true.',
            effectivePaths(e, 'runAsNonRoot'),
          ),
        );
      }
    }
    return results;
  },
};
