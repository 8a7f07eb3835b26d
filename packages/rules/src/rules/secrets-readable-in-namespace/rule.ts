import { powerRule } from '../../power-rule';

export const secretsReadableInNamespace = powerRule(
  {
    id: 'secrets-readable-in-namespace',
    title: 'Subjects can read every Secret of a namespace',
    area: 'users',
    practice: 'Secrets in Secrets',
    severity: 'MEDIUM',
    rationale:
      'get, list or watch on secrets in a namespace reads all its credentials: database passwords, TLS keys, ' +
      'registry credentials and any long-lived service account token there. In kube-system that is the ' +
      "controllers' tokens, and so the cluster.",
    remediation: {
      text: 'Name the Secrets a subject needs with resourceNames, or mount them into the workload instead of reading them through the API.',
      yaml: `rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["app-credentials"]
    verbs: ["get"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.2' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['read-secrets'],
  {
    // Cluster-wide reading is secrets-readable-broadly's.
    only: (grant) => grant.namespace !== undefined,
    severity: (grant) => (grant.namespace === 'kube-system' ? 'CRITICAL' : undefined),
  },
);
