import { namespaceAccountsReach } from '../../escalation';
import { powerRule } from '../../power-rule';

const SEVERITY = { 'cluster-admin': 'CRITICAL', powerful: 'HIGH', plain: 'MEDIUM' } as const;

export const rbacCreatePods = powerRule(
  {
    id: 'rbac-create-pods',
    title: 'Subjects can create pods or change workload controllers',
    area: 'users',
    practice: 'RBAC',
    severity: 'MEDIUM',
    rationale:
      'Whoever can create a pod, or create or patch a Deployment, DaemonSet, StatefulSet, Job or CronJob, can ' +
      'run code as any service account of that namespace and mount any of its Secrets. The finding is as ' +
      'severe as the most powerful service account it could borrow: CRITICAL cluster-wide, in kube-system, ' +
      'or where an account of the namespace reaches cluster-admin; HIGH where one holds another dangerous power.',
    remediation: {
      text: 'Let a deployment pipeline create workloads; give people read access, and keep powerful service accounts out of namespaces others deploy to.',
      yaml: `rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.4' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['create-pods', 'create-workloads'],
  { severity: (grant, snapshot) => SEVERITY[namespaceAccountsReach(snapshot, grant.namespace)] },
);
