import { resourceKey, type PolicyEngineResource } from '@kubeward/snapshot';
import { driftResult, standingOf } from '../../drift';
import type { Rule, RuleResult } from '../../types';

/** The field that says whether each engine's resource blocks or only reports. */
const ACTION_FIELD: Partial<Record<PolicyEngineResource['engine'], string>> = {
  kyverno: 'spec.validationFailureAction',
  vap: 'spec.validationActions',
  sigstore: 'spec.mode',
};

export const policyEnforcementRelaxed: Rule = {
  id: 'policy-enforcement-relaxed',
  title: 'A policy engine was switched from enforce to audit',
  area: 'cluster',
  practice: 'Assume you will be owned',
  severity: 'HIGH',
  rationale:
    'A policy that audits reports what it would have refused and admits it anyway. Switching an ' +
    'enforcing Kyverno policy, admission policy binding or image policy to audit or warn turns the ' +
    "cluster's guard rails into a log, silently: nothing fails, and nobody reads the report.",
  remediation: {
    text: 'Switch the policy back to enforce (Enforce, Deny, or enforce mode), or accept the risk with the reason.',
    yaml: `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: disallow-privileged }
spec:
  validationFailureAction: Enforce`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.2.1' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['policyEngines'],
  drift: true,
  evaluate(snapshot, { history }) {
    const standing = standingOf(history!, 'policy-enforcement-relaxed');
    const enforcedBefore = new Set(history!.previous.policyEngines.filter((p) => p.enforcing).map(resourceKey));
    const results: RuleResult[] = [];
    for (const p of snapshot.policyEngines) {
      if (p.enforcing) continue;
      const resource = { kind: p.kind, ...(p.namespace ? { namespace: p.namespace } : {}), name: p.name };
      const key = resourceKey(resource);
      const kept = standing.get(key);
      if (!kept && !enforcedBefore.has(key)) continue;
      results.push(
        driftResult(
          snapshot,
          resource,
          kept,
          ['enforce'],
          (since) =>
            `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name} (${p.engine}) no longer enforces: it was ` +
            `switched to audit or warn (seen since ${since}), so what it would refuse is admitted. Switch it back to enforce.`,
          [ACTION_FIELD[p.engine] ?? 'spec'],
        ),
      );
    }
    return results;
  },
};
