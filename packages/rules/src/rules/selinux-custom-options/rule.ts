import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, effective, effectivePaths } from '../../workload';

const ALLOWED_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const selinuxCustomOptions: Rule = {
  id: 'selinux-custom-options',
  title: 'Container sets a custom SELinux user, role or type',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'MEDIUM',
  rationale:
    'SELinux confines containers to the container_t domain. A custom type (such as spc_t, "super privileged ' +
    'container"), user or role can lift that confinement entirely.',
  remediation: {
    text: 'Remove seLinuxOptions.type/user/role, or use one of the container_* types.',
    yaml: `spec:
  securityContext:
    seLinuxOptions:
      level: "s0:c123,c456"`,
  },
  references: [{ framework: 'PSS', level: 'baseline', control: 'SELinux' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const opts = effective(e, 'seLinuxOptions');
      if (!opts) continue;
      const problems: string[] = [];
      if (opts.type && !ALLOWED_TYPES.has(opts.type)) problems.push(`type ${opts.type}`);
      if (opts.user) problems.push(`user ${opts.user}`);
      if (opts.role) problems.push(`role ${opts.role}`);
      if (problems.length === 0) continue;
      results.push(
        containerResult(
          e,
          `sets SELinux ${problems.join(', ')}`,
          'Remove them or use a container_* type.',
          effectivePaths(e, 'seLinuxOptions'),
        ),
      );
    }
    return results;
  },
};
