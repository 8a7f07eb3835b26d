import type { Rule, RuleResult } from '../../types';
import { podSpecPath, workloadResult } from '../../workload';

/** Namespaced sysctls the baseline Pod Security Standard allows. */
const SAFE = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const unsafeSysctls: Rule = {
  id: 'unsafe-sysctls',
  title: 'Pod sets unsafe sysctls',
  area: 'pods',
  practice: 'No privileged containers',
  severity: 'MEDIUM',
  rationale:
    'Sysctls outside the safe set can affect every pod on the node or the node itself, and some disable kernel protections.',
  remediation: {
    text: 'Remove the sysctl, or set it on dedicated nodes through their configuration instead of from pods.',
    yaml: `spec:
  securityContext:
    sysctls:
      - { name: net.ipv4.ip_local_port_range, value: "32768 60999" }`,
  },
  references: [{ framework: 'PSS', level: 'baseline', control: 'Sysctls' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      const sysctls = w.podSpec.securityContext.sysctls;
      if (sysctls.length === 0) continue;
      const unsafe = sysctls.map((s, i) => ({ s, i })).filter(({ s }) => !SAFE.has(s.name));
      if (unsafe.length === 0) continue;
      results.push(
        workloadResult(
          w,
          `sets unsafe sysctls ${unsafe.map(({ s }) => s.name).join(', ')}`,
          'Remove them.',
          unsafe.map(({ i }) => `${podSpecPath(w)}.securityContext.sysctls[${i}]`),
        ),
      );
    }
    return results;
  },
};
