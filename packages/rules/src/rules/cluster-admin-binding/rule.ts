import { bindingResult, clusterAdminSubjects } from '../../bindings';
import { rbacIndex } from '../../rbac';
import type { Rule, RuleResult } from '../../types';

export const clusterAdminBinding: Rule = {
  id: 'cluster-admin-binding',
  title: 'cluster-admin (or an equivalent role) is granted',
  area: 'users',
  practice: 'RBAC',
  severity: 'HIGH',
  rationale:
    'cluster-admin can do anything to anything, including reading every Secret and granting itself to ' +
    'others. Every binding of it, or of a home-made role with every verb on every resource, is a credential ' +
    'that owns the cluster; few people and almost no workloads need one.',
  remediation: {
    text: 'Replace the binding with a role that grants what is actually needed; keep break-glass access separate and audited.',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: shop-team, apiGroup: rbac.authorization.k8s.io }]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.1' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const rbac = rbacIndex(snapshot);
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      const subjects = clusterAdminSubjects(b, rbac);
      if (!subjects) continue;
      const what =
        b.roleRef.name === 'cluster-admin'
          ? 'grants cluster-admin'
          : `grants ${b.roleRef.kind} ${b.roleRef.name}, which can do everything cluster-admin can`;
      const scope = b.kind === 'RoleBinding' ? ` within namespace ${b.namespace}` : '';
      results.push(bindingResult(b, subjects, `${what}${scope}`, 'Grant a narrower role.'));
    }
    return results;
  },
};
