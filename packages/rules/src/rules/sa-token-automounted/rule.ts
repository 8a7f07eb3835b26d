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
  evaluate(snapshot) {
    const accounts = serviceAccountIndex(snapshot);
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      if (!tokenMounted(snapshot, w, accounts)) continue;
      results.push(
        workloadResult(
          w,
          `mounts the API token of service account "${w.podSpec.serviceAccountName}" (${whyMounted(w, accounts)})`,
          'Set automountServiceAccountToken: false unless it calls the Kubernetes API.',
          podField(w, 'automountServiceAccountToken'),
        ),
      );
    }
    return results;
  },
};
