import { bindingResult } from '../../bindings';
import type { Rule, RuleResult } from '../../types';

export const bindingToUser: Rule = {
  id: 'binding-to-user',
  title: 'Role granted to an individual user',
  area: 'users',
  practice: 'Groups, not individuals',
  severity: 'MEDIUM',
  rationale:
    'Bindings to individual users outlive the reasons for them: people change teams and leave, and their ' +
    'access stays until someone remembers. Bind roles to groups from your identity provider instead.',
  remediation: {
    text: 'Bind the role to a group and manage membership in the identity provider.',
    yaml: `subjects:
  - kind: Group
    name: shop-oncall
    apiGroup: rbac.authorization.k8s.io`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' }],
  needs: ['rbac'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      const users = b.subjects.filter((s) => s.kind === 'User' && !s.name.startsWith('system:'));
      if (users.length === 0) continue;
      results.push(
        bindingResult(b, users, `grants ${b.roleRef.kind} ${b.roleRef.name}`, 'Bind it to a group instead.'),
      );
    }
    return results;
  },
};
