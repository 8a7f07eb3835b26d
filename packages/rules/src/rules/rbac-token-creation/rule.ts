import { powerRule } from '../../power-rule';

export const rbacTokenCreation = powerRule(
  {
    id: 'rbac-token-creation',
    title: 'Subjects can mint service account tokens',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      'create on serviceaccounts/token (the TokenRequest API) issues a fresh token for any service account ' +
      'the grant covers, with an expiry the caller chooses: whoever holds it acts as those accounts without ' +
      'running a pod or reading a Secret, and leaves no workload behind.',
    remediation: {
      text: 'Remove serviceaccounts/token from the role, or limit it with resourceNames to the one account a controller needs.',
      yaml: `rules:
  - apiGroups: [""]
    resources: ["serviceaccounts/token"]
    resourceNames: ["metrics-reader"]
    verbs: ["create"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.13' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['mint-tokens'],
);
