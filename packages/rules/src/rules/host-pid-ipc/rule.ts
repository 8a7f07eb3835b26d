import type { Rule, RuleResult } from '../../types';
import { podSpecPath, workloadResult } from '../../workload';

export const hostPidIpc: Rule = {
  id: 'host-pid-ipc',
  title: "Pod shares the host's process or IPC namespace",
  area: 'pods',
  practice: 'No hostNetwork',
  severity: 'HIGH',
  rationale:
    'With hostPID a container sees every process on the node, can read their environment (secrets ' +
    'included) and, with enough privilege, inject into them; hostIPC exposes the shared memory of every ' +
    'process on the node.',
  remediation: {
    text: 'Remove hostPID and hostIPC.',
    yaml: `spec:
  hostPID: false
  hostIPC: false`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'Host Namespaces' },
    { framework: 'CIS-1.10', control: '5.2.3' },
    { framework: 'CIS-1.10', control: '5.2.4' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      const shared = [w.podSpec.hostPID && 'hostPID', w.podSpec.hostIPC && 'hostIPC'].filter((x): x is string => !!x);
      if (shared.length === 0) continue;
      results.push(
        workloadResult(
          w,
          `shares the host's ${shared.map((s) => (s === 'hostPID' ? 'process' : 'IPC')).join(' and ')} namespace`,
          `Remove ${shared.join(' and ')}.`,
          shared.map((s) => `${podSpecPath(w)}.${s}`),
        ),
      );
    }
    return results;
  },
};
