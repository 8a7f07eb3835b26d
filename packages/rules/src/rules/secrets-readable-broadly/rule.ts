import { allows, isSystemName, rbacIndex } from '../../rbac';
import { accountCauses } from '../../bindings';
import type { Rule, RuleResult } from '../../types';

export const secretsReadableBroadly: Rule = {
  id: 'secrets-readable-broadly',
  title: 'Subjects can read every Secret in the cluster',
  area: 'cluster',
  practice: 'Secrets in Secrets',
  severity: 'HIGH',
  rationale:
    'get, list or watch on secrets across all namespaces reads every credential the cluster holds, ' +
    'including service-account tokens of controllers far more privileged than the reader.',
  remediation: {
    text: 'Grant secret access with a Role in the namespace that needs it, ideally limited by resourceNames.',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: read-app-secret, namespace: shop }
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["app-credentials"]
    verbs: ["get"]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.2' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const rbac = rbacIndex(snapshot);
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      if (b.kind !== 'ClusterRoleBinding' || isSystemName(b.name) || isSystemName(b.roleRef.name)) continue;
      const subjects = b.subjects.filter(
        (s) => !isSystemName(s.name) && !(s.kind === 'ServiceAccount' && s.namespace === 'kube-system'),
      );
      if (subjects.length === 0) continue;
      const rules = rbac.rulesOf(b);
      const verbs = ['get', 'list', 'watch'].filter((v) => allows(rules, v, 'secrets'));
      if (verbs.length === 0) continue;
      results.push({
        resource: { kind: 'ClusterRoleBinding', name: b.name },
        message: `ClusterRoleBinding ${b.name} lets ${subjects.map((s) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ')} ${verbs.join('/')} Secrets in every namespace (role ${b.roleRef.name}). Grant secret access per namespace instead.`,
        paths: ['subjects', 'roleRef'],
        causes: accountCauses(b, subjects),
      });
    }
    return results;
  },
};
