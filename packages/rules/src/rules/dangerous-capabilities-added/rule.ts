import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

/** What the baseline Pod Security Standard allows a container to add. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const dangerousCapabilitiesAdded: Rule = {
  id: 'dangerous-capabilities-added',
  title: 'Container adds dangerous Linux capabilities',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'HIGH',
  rationale:
    'Capabilities outside the baseline set, such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or SYS_MODULE, give a ' +
    'container powers close to root on the node: mounting filesystems, reconfiguring the network, tracing ' +
    'other processes or loading kernel modules.',
  remediation: {
    text: 'Remove the capability. If a workload truly needs it, isolate it on dedicated nodes and document why.',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        capabilities:
          drop: ["ALL"]
          add: ["NET_BIND_SERVICE"]`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'Capabilities' },
    { framework: 'CIS-1.10', control: '5.2.9' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: hardening container environments' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (!c.securityContext.capabilities?.add.length) continue;
      const added = (c.securityContext.capabilities?.add ?? []).map((a) => a.toUpperCase().replace(/^CAP_/, ''));
      const dangerous = added.filter((a) => !BASELINE_CAPABILITIES.has(a));
      if (dangerous.length === 0) continue;
      const r = containerResult(
        e,
        `adds ${dangerous.join(', ')}`,
        'Remove them from securityContext.capabilities.add.',
        one(e, 'securityContext.capabilities.add'),
      );
      if (dangerous.some((d) => d === 'SYS_ADMIN' || d === 'ALL')) r.severity = 'CRITICAL';
      results.push(r);
    }
    return results;
  },
};
