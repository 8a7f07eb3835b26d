import type { Rule, RuleResult } from '../../types';

export const sharedServiceAccount: Rule = {
  id: 'shared-service-account',
  title: 'Several workloads share one service account',
  area: 'users',
  practice: 'Unique identity',
  severity: 'LOW',
  rationale:
    'Workloads that share a service account share its permissions, so each gets what any of them needs, ' +
    'and the audit log cannot tell which of them did what.',
  remediation: {
    text: 'Give each workload its own service account with only the permissions it needs.',
    yaml: `apiVersion: v1
kind: ServiceAccount
metadata: { name: orders-api, namespace: shop }`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' }],
  needs: ['workloads'],
  evaluate(snapshot) {
    const users = new Map<string, string[]>();
    for (const w of snapshot.workloads) {
      // The default account is the default-service-account-used rule's business.
      if (w.podSpec.serviceAccountName === 'default') continue;
      const key = `${w.namespace}/${w.podSpec.serviceAccountName}`;
      const user = `${w.kind} ${w.name}`;
      const list = users.get(key);
      if (list) list.push(user);
      else users.set(key, [user]);
    }
    const results: RuleResult[] = [];
    for (const [key, workloads] of users) {
      if (workloads.length < 2) continue;
      const [namespace, name] = key.split('/') as [string, string];
      results.push({
        resource: { kind: 'ServiceAccount', namespace, name },
        message: `ServiceAccount ${key} is used by ${workloads.length} workloads (${workloads.sort().join(', ')}). Give each its own.`,
        paths: ['metadata.name'],
      });
    }
    return results;
  },
};
