import { allows, isAllPowerful, rbacIndex, type RbacIndex } from '../../rbac';
import { serviceAccountIndex, tokenMounted } from '../../service-accounts';
import type { Rule, RuleResult, Severity } from '../../types';
import { podField, workloadResult } from '../../workload';

export const workloadSaPrivilegedRbac: Rule = {
  id: 'workload-sa-privileged-rbac',
  title: 'Pod mounts a token that can take over the cluster',
  area: 'pods',
  practice: 'Conscious of the service account',
  severity: 'HIGH',
  rationale:
    'A token mounted in a pod is one file read away from anyone who compromises the container. If its ' +
    'service account can act as cluster-admin, read secrets, create pods or exec into them, or bind, ' +
    'escalate and impersonate, a single application bug becomes control of the cluster.',
  remediation: {
    text: 'Grant the service account only what the application calls, in its own namespace, or stop mounting the token.',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: app-reader, namespace: shop }
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    resourceNames: ["app-config"]
    verbs: ["get"]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.1' },
    { framework: 'CIS-1.10', control: '5.1.2' },
    { framework: 'CIS-1.10', control: '5.1.4' },
    { framework: 'CIS-1.10', control: '5.1.8' },
    { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
  ],
  needs: ['workloads', 'rbac'],
  evaluate(snapshot) {
    const rbac = rbacIndex(snapshot);
    const accounts = serviceAccountIndex(snapshot);
    const results: RuleResult[] = [];
    const cache = new Map<string, { powers: string[]; severity: Severity } | null>();
    for (const w of snapshot.workloads) {
      if (!tokenMounted(snapshot, w, accounts)) continue;
      const key = `${w.namespace}/${w.podSpec.serviceAccountName}`;
      if (!cache.has(key)) cache.set(key, dangerousPowers(rbac, w.namespace, w.podSpec.serviceAccountName));
      const found = cache.get(key);
      if (!found) continue;
      const r = workloadResult(
        w,
        `mounts the token of service account "${w.podSpec.serviceAccountName}", which can ${found.powers.join(', ')}`,
        "Reduce the account's RBAC to what the application needs, or set automountServiceAccountToken: false.",
        podField(w, 'serviceAccountName'),
      );
      r.severity = found.severity;
      results.push(r);
    }
    return results;
  },
};

function dangerousPowers(
  rbac: RbacIndex,
  namespace: string,
  name: string,
): { powers: string[]; severity: Severity } | null {
  const powers = new Set<string>();
  let critical = false;
  for (const grant of rbac.grantsOfServiceAccount(namespace, name)) {
    const where = grant.namespace ? ` in namespace ${grant.namespace}` : ' cluster-wide';
    if (isAllPowerful(grant.rules)) {
      powers.add(`do anything${where} (via ${grant.binding.kind} ${grant.binding.name})`);
      if (!grant.namespace) critical = true;
      continue;
    }
    if (['get', 'list', 'watch'].some((v) => allows(grant.rules, v, 'secrets'))) powers.add(`read secrets${where}`);
    if (allows(grant.rules, 'create', 'pods')) powers.add(`create pods${where}`);
    if (allows(grant.rules, 'create', 'pods/exec')) powers.add(`exec into pods${where}`);
    for (const verb of ['bind', 'escalate', 'impersonate']) {
      if (grant.rules.some((r) => r.verbs.includes(verb))) powers.add(`${verb}${where}`);
    }
  }
  critical ||= powers.has('read secrets cluster-wide');
  return powers.size > 0 ? { powers: [...powers].sort(), severity: critical ? 'CRITICAL' : 'HIGH' } : null;
}
