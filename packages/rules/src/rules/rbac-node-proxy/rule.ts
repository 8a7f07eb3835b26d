import { powerRule } from '../../power-rule';

export const rbacNodeProxy = powerRule(
  {
    id: 'rbac-node-proxy',
    title: 'Subjects can reach the kubelet API through nodes/proxy',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      "nodes/proxy passes requests straight to each node's kubelet, whose API runs commands in any container " +
      "on the node and bypasses admission control and the API server's audit of pod exec. It is a route to " +
      'every workload of the cluster.',
    remediation: {
      text: 'Remove nodes/proxy from the role; monitoring agents need nodes/metrics or nodes/stats instead.',
      yaml: `rules:
  - apiGroups: [""]
    resources: ["nodes/metrics", "nodes/stats"]
    verbs: ["get"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.10' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['node-proxy'],
);
