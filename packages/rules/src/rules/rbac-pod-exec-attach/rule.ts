import { powerRule } from '../../power-rule';

export const rbacPodExecAttach = powerRule(
  {
    id: 'rbac-pod-exec-attach',
    title: 'Subjects can exec into, attach to or port-forward to pods',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      'exec and attach run commands inside running containers, with their service account tokens, mounted ' +
      'secrets and network reach; port-forward opens their ports from outside any NetworkPolicy. Whoever ' +
      'holds these holds every workload of the namespace.',
    remediation: {
      text: 'Drop pods/exec, pods/attach and pods/portforward from the role; grant them for a limited time to the few who debug.',
      yaml: `rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]`,
    },
    references: [{ framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' }],
  },
  ['exec', 'attach', 'portforward'],
);
