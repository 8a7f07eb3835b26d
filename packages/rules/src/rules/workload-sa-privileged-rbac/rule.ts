import type { Snapshot } from '@kubeward/snapshot';
import { accountHeldPowers } from '../../escalation';
import { causeOfAccount } from '../../grouping';
import { describeBinding, type PowerId } from '../../permissions';
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
  local: true,
  evaluate(snapshot) {
    const accounts = serviceAccountIndex(snapshot);
    const results: RuleResult[] = [];
    const cache = new Map<string, { powers: string[]; severity: Severity } | null>();
    for (const w of snapshot.workloads) {
      if (!tokenMounted(snapshot, w, accounts)) continue;
      const key = `${w.namespace}/${w.podSpec.serviceAccountName}`;
      if (!cache.has(key)) cache.set(key, dangerousPowers(snapshot, w.namespace, w.podSpec.serviceAccountName));
      const found = cache.get(key);
      if (!found) continue;
      const r = workloadResult(
        w,
        `mounts the token of service account "${w.podSpec.serviceAccountName}", which can ${found.powers.join(', ')}`,
        "Reduce the account's RBAC to what the application needs, or set automountServiceAccountToken: false.",
        podField(w, 'serviceAccountName'),
      );
      r.severity = found.severity;
      r.causes = [causeOfAccount(w.namespace, w.podSpec.serviceAccountName)];
      results.push(r);
    }
    return results;
  },
};

/** The powers that make a mounted token a way to take the cluster, in words, and how bad. */
const TAKEOVER: Partial<Record<PowerId, string>> = {
  'cluster-admin': 'do anything',
  'read-secrets': 'read secrets',
  'create-pods': 'create pods',
  exec: 'exec into pods',
  bind: 'bind',
  escalate: 'escalate',
  impersonate: 'impersonate',
};

function dangerousPowers(
  snapshot: Snapshot,
  namespace: string,
  name: string,
): { powers: string[]; severity: Severity } | null {
  const powers = new Set<string>();
  let critical = false;
  const held = accountHeldPowers(snapshot, namespace, name);
  // An all-powerful binding holds every power; it is said once, as "do anything".
  const allPowerful = new Set(held.filter((h) => h.power === 'cluster-admin').map((h) => describeBinding(h.binding)));
  for (const h of held) {
    const words = TAKEOVER[h.power];
    if (!words) continue;
    const where = h.namespace ? ` in namespace ${h.namespace}` : ' cluster-wide';
    if (h.power === 'cluster-admin') {
      powers.add(`${words}${where} (via ${h.binding.kind} ${h.binding.name})`);
      critical ||= !h.namespace;
    } else if (!allPowerful.has(describeBinding(h.binding))) {
      powers.add(`${words}${where}`);
      critical ||= h.power === 'read-secrets' && !h.namespace;
    }
  }
  return powers.size > 0 ? { powers: [...powers].sort(), severity: critical ? 'CRITICAL' : 'HIGH' } : null;
}
