import { describeStep, escalationPaths, type EscalationPath } from '../../escalation';
import { bindingFinding } from '../../bindings';
import { describeBinding, describeSubject, groupsOf } from '../../permissions';
import type { Rule, RuleResult } from '../../types';

export const rbacEscalationPath: Rule = {
  id: 'rbac-escalation-path',
  title: 'A chain of permissions leads to cluster-admin',
  area: 'users',
  practice: 'RBAC',
  severity: 'CRITICAL',
  rationale:
    'Permissions that look modest one by one add up: create a pod in a namespace whose service account is ' +
    'powerful, mint a token, impersonate, bind a role, approve a certificate, rewrite a webhook, read the ' +
    "controllers' Secrets. Each finding is a path an attacker who owns this subject can walk, step by step, " +
    'to power equal to cluster-admin.',
  remediation: {
    text: 'Break the first step (narrow the binding it names), or the last (the powerful account or grant at the end).',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: ci }
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch"]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.8' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['rbac'],
  evaluate(snapshot) {
    const byBinding = new Map<string, EscalationPath[]>();
    for (const path of escalationPaths(snapshot)) {
      // One step is one grant, which the rule for that power reports.
      if (path.steps.length < 2) continue;
      const key = describeBinding(path.steps[0]!.binding);
      byBinding.set(key, [...(byBinding.get(key) ?? []), path]);
    }
    const results: RuleResult[] = [];
    for (const b of snapshot.bindings) {
      const paths = byBinding.get(describeBinding(b));
      if (!paths) continue;
      const first = paths[0]!;
      const steps = first.steps.map((s, i) => `${i + 1}) ${describeStep(s)}`).join('; ');
      const subjects = paths.map((p) => describeSubject(p.subject)).join(', ');
      const result = bindingFinding(
        b,
        paths.flatMap((p) => [p.subject, ...groupsOf(p.subject).map((name) => ({ kind: 'Group', name }))]),
        `Through ${describeBinding(b)}, ${subjects} can reach cluster-admin in ${first.steps.length} steps: ${steps}. ` +
          `Narrow ${b.name} or the last step's grant.`,
      );
      result.paths.push('roleRef');
      results.push(result);
    }
    return results;
  },
};
