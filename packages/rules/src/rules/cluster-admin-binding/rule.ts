import { bindingResult } from '../../bindings';
import { isSystemName } from '../../rbac';
import type { Rule, RuleResult } from '../../types';

export const clusterAdminBinding: Rule = {
  id: 'cluster-admin-binding',
  title: 'cluster-admin is granted',
  area: 'users',
  practice: 'RBAC',
  severity: 'HIGH',
  rationale:
    'cluster-admin can do anything to anything, including reading every Secret and granting itself to ' +
    'others. Every binding of it is a credential that owns the cluster; few people and almost no workloads need one.',
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
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      if (b.roleRef.kind !== 'ClusterRole' || b.roleRef.name !== 'cluster-admin') continue;
      // The built-in binding of system:masters is how Kubernetes bootstraps; it is not a choice.
      const subjects = b.subjects.filter(
        (s) => !(s.kind === 'Group' && s.name === 'system:masters') && !isSystemName(s.name),
      );
      if (subjects.length === 0) continue;
      const r = bindingResult(b, subjects, 'grants cluster-admin', 'Grant a narrower role.');
      results.push(
        b.kind === 'RoleBinding'
          ? {
              ...r,
              message: r.message.replace(
                'grants cluster-admin',
                `grants cluster-admin within namespace ${b.namespace}`,
              ),
            }
          : r,
      );
    }
    return results;
  },
};
