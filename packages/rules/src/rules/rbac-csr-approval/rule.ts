import { powerRule } from '../../power-rule';

export const rbacCsrApproval = powerRule(
  {
    id: 'rbac-csr-approval',
    title: 'Subjects can approve or sign certificate signing requests',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      'Approving a CertificateSigningRequest (or writing its status as a signer) issues a client certificate ' +
      'for whatever user and groups the request names, system:masters included. Certificates cannot be ' +
      'revoked before they expire: one approval is lasting cluster-admin.',
    remediation: {
      text: "Leave approval to the controller manager and the one component that signs for a custom signer; remove certificatesigningrequests/approval and /status from people's roles.",
      yaml: `rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list", "watch", "create"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.11' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['approve-csr'],
);
