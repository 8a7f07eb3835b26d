import type { Rule } from '../../types';

export const noPolicyEngine: Rule = {
  id: 'no-policy-engine',
  title: 'No admission policy engine enforces anything',
  area: 'users',
  practice: 'Policy agent',
  severity: 'MEDIUM',
  rationale:
    'Without an enforcing policy engine (Gatekeeper, Kyverno, or ValidatingAdmissionPolicies with Deny) ' +
    'every rule here is advice: nothing stops the next privileged pod at admission.',
  remediation: {
    text: 'Install Kyverno or Gatekeeper (or use ValidatingAdmissionPolicy) and enforce at least the baseline Pod Security Standard.',
    yaml: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-privileged }
spec:
  policyName: no-privileged
  validationActions: [Deny]`,
  },
  references: [
    { framework: 'CIS-1.10', control: '5.2.1' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['policyEngines'],
  evaluate(snapshot) {
    if (snapshot.policyEngines.some((p) => p.enforcing)) return [];
    const audit = snapshot.policyEngines.length > 0;
    return [
      {
        resource: { kind: 'Cluster', name: 'cluster' },
        message: audit
          ? 'A policy engine is installed but nothing enforces: every policy is in audit or warn mode. Switch the important ones to enforce.'
          : 'No admission policy engine is installed (Gatekeeper, Kyverno or ValidatingAdmissionPolicy). Install one and enforce the baseline Pod Security Standard.',
        paths: [],
      },
    ];
  },
};
