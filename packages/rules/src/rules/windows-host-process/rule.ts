import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one, podSpecPath } from '../../workload';

export const windowsHostProcess: Rule = {
  id: 'windows-host-process',
  title: 'Windows HostProcess container',
  area: 'pods',
  practice: 'No privileged containers',
  severity: 'CRITICAL',
  rationale:
    'A HostProcess container runs directly on the Windows node, in its network, as a local administrator or ' +
    'SYSTEM if asked: it is the Windows equivalent of a privileged container, with the node and everything on it ' +
    'in reach. The baseline Pod Security Standard forbids it.',
  remediation: {
    text: 'Remove windowsOptions.hostProcess (pod and containers); node-level agents belong to the platform, installed and reviewed as such.',
    yaml: `spec:
  securityContext:
    windowsOptions:
      hostProcess: false`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'HostProcess' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const own = e.c.securityContext.windowsOptions?.hostProcess;
      const pod = e.w.podSpec.securityContext.windowsOptions?.hostProcess;
      if (!(own ?? pod)) continue;
      results.push(
        containerResult(
          e,
          'runs as a Windows HostProcess container, on the node itself',
          'Remove windowsOptions.hostProcess.',
          own !== undefined
            ? one(e, 'securityContext.windowsOptions.hostProcess')
            : [`${podSpecPath(e.w)}.securityContext.windowsOptions.hostProcess`],
        ),
      );
    }
    return results;
  },
};
