import { sectionPresent } from '../../sections';
import { accountPowers } from '../../escalation';
import { causeOfAccount } from '../../grouping';
import { POWERS, type PowerId } from '../../permissions';
import { serviceAccountIndex, tokenMounted, whyMounted } from '../../service-accounts';
import type { Rule, RuleResult } from '../../types';
import { podField, workloadResult } from '../../workload';

export const saTokenAutomounted: Rule = {
  id: 'sa-token-automounted',
  title: 'Pod mounts a Kubernetes API token it may not need',
  area: 'pods',
  practice: 'Conscious of the service account',
  severity: 'MEDIUM',
  rationale:
    'Every pod gets a token for its service account unless told otherwise. Most applications never call ' +
    'the Kubernetes API, but an attacker in the container will, with whatever the account is allowed to do.',
  remediation: {
    text: 'Set `automountServiceAccountToken: false` on the pod (or its ServiceAccount) unless it calls the API.',
    yaml: `spec:
  template:
    spec:
      automountServiceAccountToken: false`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.1.6' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: protecting pod service account tokens' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const accounts = serviceAccountIndex(snapshot);
    // No binding at all is no knowledge (files without RBAC; a cluster always has system bindings).
    const rbacKnown = sectionPresent(snapshot, 'rbac') && snapshot.bindings.length > 0;
    const results: RuleResult[] = [];
    // Thousands of pods share a few accounts: what each account can do is asked once.
    const byAccount = new Map<string, PowerId[]>();
    for (const w of snapshot.workloads) {
      if (!tokenMounted(snapshot, w, accounts)) continue;
      const sa = w.podSpec.serviceAccountName;
      let powers: PowerId[] | undefined;
      if (rbacKnown) {
        const key = `${w.namespace}/${sa}`;
        powers = byAccount.get(key) ?? byAccount.set(key, accountPowers(snapshot, w.namespace, sa)).get(key)!;
      }
      const can = powers?.length ? `, which can ${powers.map((p) => POWERS[p].label).join(', ')}` : '';
      const explicit = w.podSpec.automountServiceAccountToken === true;
      const result = workloadResult(
        w,
        explicit
          ? `asks for the API token of service account "${sa}" explicitly (automountServiceAccountToken: true)${can}`
          : `mounts the API token of service account "${sa}" (${whyMounted(w, accounts)})${can}`,
        explicit
          ? 'If it calls the Kubernetes API, keep the account to what it calls; if not, set the field to false.'
          : 'Set automountServiceAccountToken: false unless it calls the Kubernetes API.',
        podField(w, 'automountServiceAccountToken'),
      );
      // What the token can do sets the stakes: a token with dangerous powers is HIGH; one that was asked
      // for on purpose and can do nothing dangerous is LOW.
      if (powers?.length) {
        result.severity = 'HIGH';
        // The account's powers are the cause, shared with the rules that report them.
        result.causes = [causeOfAccount(w.namespace, sa)];
      } else if (explicit && powers) result.severity = 'LOW';
      results.push(result);
    }
    return results;
  },
};
