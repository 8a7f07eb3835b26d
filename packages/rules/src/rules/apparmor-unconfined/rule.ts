import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, effective, effectivePaths, podMetadataPath } from '../../workload';

export const apparmorUnconfined: Rule = {
  id: 'apparmor-unconfined',
  title: 'Container runs with AppArmor disabled',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    "The runtime's default AppArmor profile stops a container from writing to /proc and /sys, mounting " +
    'filesystems and other escape primitives. Setting it to unconfined removes that layer.',
  remediation: {
    text: 'Remove the Unconfined profile (RuntimeDefault applies), or use a Localhost profile of your own.',
    yaml: `spec:
  securityContext:
    appArmorProfile:
      type: RuntimeDefault`,
  },
  references: [{ framework: 'PSS', level: 'baseline', control: 'AppArmor' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { w, c } = e;
      const profile = effective(e, 'appArmorProfile');
      const annotation = e.annotated
        ? w.annotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`]
        : undefined;
      if (profile?.type === 'Unconfined') {
        results.push(
          containerResult(
            e,
            'runs with AppArmor Unconfined',
            'Use RuntimeDefault or a Localhost profile.',
            effectivePaths(e, 'appArmorProfile'),
          ),
        );
      } else if (annotation === 'unconfined') {
        results.push(
          containerResult(
            e,
            'runs with AppArmor unconfined (annotation)',
            'Remove the annotation or use runtime/default.',
            [`${podMetadataPath(w)}.annotations["container.apparmor.security.beta.kubernetes.io/${c.name}"]`],
          ),
        );
      }
    }
    return results;
  },
};
