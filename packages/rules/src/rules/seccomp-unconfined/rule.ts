import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, effective, effectivePaths } from '../../workload';

export const seccompUnconfined: Rule = {
  id: 'seccomp-unconfined',
  title: 'Container runs without a seccomp profile',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    'Without seccomp a container may call every system call of the kernel, including rarely used ones that ' +
    'kernel exploits rely on. The runtime default profile blocks them at no cost to normal applications.',
  remediation: {
    text: 'Set `seccompProfile.type: RuntimeDefault` on the pod (or Localhost with a profile of your own).',
    yaml: `spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault`,
  },
  references: [
    { framework: 'PSS', level: 'restricted', control: 'Seccomp' },
    { framework: 'CIS-1.10', control: '5.7.2' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: hardening container environments' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { w, c } = e;
      const profile = effective(e, 'seccompProfile');
      const legacy = e.annotated
        ? (w.annotations[`container.seccomp.security.alpha.kubernetes.io/${c.name}`] ??
          w.annotations['seccomp.security.alpha.kubernetes.io/pod'])
        : undefined;
      const type = profile?.type ?? (legacy ? (legacy === 'unconfined' ? 'Unconfined' : 'RuntimeDefault') : undefined);
      if (type === 'RuntimeDefault' || type === 'Localhost') continue;
      results.push(
        containerResult(
          e,
          type === 'Unconfined' ? 'runs with seccomp explicitly Unconfined' : 'runs without a seccomp profile',
          'Set securityContext.seccompProfile.type: RuntimeDefault.',
          effectivePaths(e, 'seccompProfile'),
        ),
      );
    }
    return results;
  },
};
