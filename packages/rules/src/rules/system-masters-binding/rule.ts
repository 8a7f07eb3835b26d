import { bindingResult } from '../../bindings';
import type { Rule, RuleResult } from '../../types';

const isMasters = (s: { kind: string; name: string }) => s.kind === 'Group' && s.name === 'system:masters';

export const systemMastersBinding: Rule = {
  id: 'system-masters-binding',
  title: 'A binding names the system:masters group',
  area: 'users',
  practice: 'RBAC',
  severity: 'HIGH',
  rationale:
    'Members of system:masters pass every authorisation check before RBAC is consulted, and the membership ' +
    'lives in client certificates that cannot be revoked. A binding that names the group shows that it is ' +
    'in use as an access-management tool (and the binding itself changes nothing: removing it does not take ' +
    "the group's power away).",
  remediation: {
    text: 'Give administrators a group of your own bound to cluster-admin, issue certificates without system:masters, and keep that group for break-glass only.',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: platform-admins }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: Group, name: platform-admins, apiGroup: rbac.authorization.k8s.io }]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.7' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      // Kubernetes' own bootstrap binding of the group to cluster-admin.
      if (b.kind === 'ClusterRoleBinding' && b.name === 'cluster-admin') continue;
      const masters = b.subjects.filter(isMasters);
      if (masters.length === 0) continue;
      results.push(
        bindingResult(b, masters, `grants ${b.roleRef.kind} ${b.roleRef.name}`, 'Bind a group of your own instead.'),
      );
    }
    return results;
  },
};
