import { bindingResult } from '../../bindings';
import type { Rule, RuleResult } from '../../types';

const EVERYONE = new Set(['system:anonymous', 'system:unauthenticated', 'system:authenticated']);
/** The built-in bindings that grant discovery and self-review to everyone, by design. */
const BUILT_IN = new Set([
  'system:discovery',
  'system:basic-user',
  'system:public-info-viewer',
  'system:service-account-issuer-discovery',
]);

export const bindingToAnonymousOrAllAuthenticated: Rule = {
  id: 'binding-to-anonymous-or-all-authenticated',
  title: 'Role granted to anonymous or to every authenticated user',
  area: 'users',
  practice: 'Unique identity',
  severity: 'CRITICAL',
  rationale:
    'system:anonymous and system:unauthenticated are anyone who can reach the API server; ' +
    'system:authenticated is anyone with any valid credential, in managed clusters often any account of ' +
    'the cloud provider. Permissions bound to them are effectively public.',
  remediation: {
    text: 'Bind the role to the specific groups or service accounts that need it.',
    yaml: `subjects:
  - kind: Group
    name: platform-team
    apiGroup: rbac.authorization.k8s.io`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.1' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: authentication' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      if (BUILT_IN.has(b.name) || BUILT_IN.has(b.roleRef.name)) continue;
      const everyone = b.subjects.filter((s) => (s.kind === 'User' || s.kind === 'Group') && EVERYONE.has(s.name));
      if (everyone.length === 0) continue;
      results.push(
        bindingResult(
          b,
          everyone,
          `grants ${b.roleRef.kind} ${b.roleRef.name}`,
          'Bind it to specific groups or service accounts instead.',
        ),
      );
    }
    return results;
  },
};
