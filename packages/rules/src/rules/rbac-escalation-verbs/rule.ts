import { isSystemName } from '../../rbac';
import type { Rule, RuleResult } from '../../types';

const ESCALATION_VERBS = ['bind', 'escalate', 'impersonate'];

export const rbacEscalationVerbs: Rule = {
  id: 'rbac-escalation-verbs',
  title: 'Role can escalate privileges (bind, escalate, impersonate)',
  area: 'users',
  practice: 'RBAC',
  severity: 'HIGH',
  rationale:
    'bind and escalate let a subject grant itself roles with permissions it does not have; impersonate lets it ' +
    'act as any user, group or service account. Each is a path to cluster-admin.',
  remediation: {
    text: 'Remove these verbs; give the few controllers that need them dedicated, narrowly scoped roles (resourceNames).',
    yaml: `rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ["get", "list", "create", "delete"]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.8' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const role of snapshot.roles) {
      if (isSystemName(role.name) || (role.kind === 'ClusterRole' && role.name === 'cluster-admin')) continue;
      const found = new Set<string>();
      const paths: string[] = [];
      role.rules.forEach((r, i) => {
        const verbs = ESCALATION_VERBS.filter((v) => r.verbs.includes(v));
        if (verbs.length === 0) return;
        verbs.forEach((v) => found.add(v));
        paths.push(`rules[${i}].verbs`);
      });
      if (found.size === 0) continue;
      const ref = role.namespace ? `${role.kind} ${role.namespace}/${role.name}` : `${role.kind} ${role.name}`;
      results.push({
        resource: { kind: role.kind, ...(role.namespace ? { namespace: role.namespace } : {}), name: role.name },
        message: `${ref} grants ${[...found].join(', ')}, which can escalate to any permission. Remove them or scope them with resourceNames.`,
        paths,
      });
    }
    return results;
  },
};
