import type { Rule, RuleResult } from '../../types';
import { containerResult, containers, one } from '../../workload';

export const writableRootFilesystem: Rule = {
  id: 'writable-root-filesystem',
  title: 'Container root filesystem is writable',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'LOW',
  rationale:
    'An attacker who gets code execution in a container with a writable root filesystem can drop tools, ' +
    'modify binaries and persist. A read-only root with explicit writable volumes makes that much harder.',
  remediation: {
    text: 'Set `readOnlyRootFilesystem: true` and mount an emptyDir where the application must write.',
    yaml: `spec:
  containers:
    - name: app
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - { name: tmp, mountPath: /tmp }
  volumes:
    - { name: tmp, emptyDir: {} }`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: immutable container file systems' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (c.securityContext.readOnlyRootFilesystem === true) continue;
      results.push(
        containerResult(
          e,
          'has a writable root filesystem',
          'Set securityContext.readOnlyRootFilesystem: true.',
          one(e, 'securityContext.readOnlyRootFilesystem'),
        ),
      );
    }
    return results;
  },
};
