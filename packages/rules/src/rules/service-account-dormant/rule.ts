import { accountPowers, pathToClusterAdmin } from '../../escalation';
import { causeOfAccount } from '../../grouping';
import { POWERS } from '../../permissions';
import { usedAccounts } from '../../service-accounts';
import type { Rule, RuleResult } from '../../types';

const DAY = 86_400_000;
export const DORMANT_ACCOUNT_DAYS = 30;

export const serviceAccountDormant: Rule = {
  id: 'service-account-dormant',
  title: 'A powerful service account no workload uses',
  area: 'users',
  practice: 'RBAC',
  severity: 'MEDIUM',
  rationale:
    'A service account that can read secrets, create pods or bind roles, and that no workload has run as for ' +
    'weeks, is power nobody needs: a leftover of an uninstalled tool, or a token handed out of the cluster ' +
    'and forgotten. Its token keeps working for whoever holds a copy, and nobody watches it.',
  remediation: {
    text: 'Delete the account and its bindings; if something outside the cluster uses its token, give that a narrower, short-lived credential and accept the risk until then.',
    yaml: `kubectl delete serviceaccount old-deployer -n ci
kubectl delete rolebinding old-deployer -n ci`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' }],
  needs: ['workloads', 'serviceAccounts', 'rbac'],
  // Judged from history: when a workload last ran as each account.
  drift: true,
  evaluate(snapshot, settings) {
    const accounts = new Map(settings.history!.accounts?.map((a) => [`${a.namespace}/${a.name}`, a]));
    const days = settings.dormantAccountDays ?? DORMANT_ACCOUNT_DAYS;
    const now = Date.parse(settings.now);
    const inUse = new Set(usedAccounts(snapshot).map((a) => `${a.namespace}/${a.name}`));
    const results: RuleResult[] = [];
    for (const sa of snapshot.serviceAccounts) {
      // The controller manager runs as kube-system's accounts without a pod of its own.
      if (sa.namespace === 'kube-system') continue;
      const key = `${sa.namespace}/${sa.name}`;
      const known = accounts.get(key);
      if (inUse.has(key) || !known) continue;
      const last = known.lastUsedAt ?? known.since;
      const idle = Math.floor((now - Date.parse(last)) / DAY);
      if (idle < days) continue;
      const powers = accountPowers(snapshot, sa.namespace, sa.name);
      if (powers.length === 0) continue;
      const subject = { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name };
      const admin = powers.includes('cluster-admin') || pathToClusterAdmin(snapshot, subject) !== undefined;
      results.push({
        resource: { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name },
        message:
          `ServiceAccount ${key} can ${powers.map((p) => POWERS[p].label).join(', ')}` +
          `${admin ? ' (enough to become cluster-admin)' : ''}, but no workload has run as it ` +
          `${known.lastUsedAt ? `since ${last.slice(0, 10)}` : `since Kubeward first saw it on ${last.slice(0, 10)}`} ` +
          `(${idle} days). Delete it and its bindings, or accept the risk if something outside the cluster uses its token.`,
        paths: ['metadata.name'],
        ...(admin ? { severity: 'HIGH' as const } : {}),
        causes: [causeOfAccount(sa.namespace, sa.name)],
      });
    }
    return results;
  },
};
