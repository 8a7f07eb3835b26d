import { isSystemName } from '../../rbac';
import type { Rule, RuleResult } from '../../types';

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Built-in aggregate roles that are wildcards by design. */
const BUILT_IN = new Set(['cluster-admin', 'admin', 'edit', 'view']);

export const rbacWildcard: Rule = {
  id: 'rbac-wildcard',
  title: 'Role uses wildcards',
  area: 'users',
  practice: 'RBAC',
  severity: 'HIGH',
  rationale:
    'A `*` in verbs or resources grants everything that exists now and everything added later (new CRDs, ' +
    'subresources, escalate and impersonate verbs), far beyond what anyone reviewed.',
  remediation: {
    text: 'List the verbs and resources the role needs.',
    yaml: `rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "update", "patch"]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.3' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const role of snapshot.roles) {
      if (isSystemName(role.name) || (role.kind === 'ClusterRole' && BUILT_IN.has(role.name))) continue;
      const paths: string[] = [];
      const what = new Set<string>();
      let writes = false;
      let secrets = false;
      role.rules.forEach((r, i) => {
        const wild = r.verbs.includes('*') || r.resources.includes('*');
        if (wild && !r.verbs.every((v) => READ_VERBS.has(v))) writes = true;
        if (r.resources.includes('*') && (r.apiGroups.includes('') || r.apiGroups.includes('*'))) secrets = true;
        if (r.verbs.includes('*')) {
          paths.push(`rules[${i}].verbs`);
          what.add('all verbs');
        }
        if (r.resources.includes('*')) {
          paths.push(`rules[${i}].resources`);
          what.add('all resources');
        }
      });
      if (paths.length === 0) continue;
      const ref = role.namespace ? `${role.kind} ${role.namespace}/${role.name}` : `${role.kind} ${role.name}`;
      // Read-only still matters when it reads every core resource: Secrets are among them.
      const scope = writes
        ? ', writes included'
        : `, read-only${secrets ? ', which still reads every Secret in reach' : ''}`;
      results.push({
        resource: { kind: role.kind, ...(role.namespace ? { namespace: role.namespace } : {}), name: role.name },
        message: `${ref} grants ${[...what].join(' and ')} through wildcards${scope}. List the verbs and resources it needs.`,
        paths,
        ...(writes || secrets ? {} : { severity: 'MEDIUM' as const }),
      });
    }
    return results;
  },
};
