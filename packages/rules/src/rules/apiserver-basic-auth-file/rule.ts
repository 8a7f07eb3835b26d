import { apiServerFlagRule } from '../../apiserver';

export const apiserverBasicAuthFile = apiServerFlagRule(
  {
    id: 'apiserver-basic-auth-file',
    title: 'API server accepts static passwords (--basic-auth-file)',
    area: 'cluster',
    practice: 'No basic auth',
    severity: 'CRITICAL',
    rationale:
      'Static passwords in a file on the control plane never expire, cannot be revoked without a restart and ' +
      'are sent with every request. Kubernetes removed the flag in 1.19; a cluster that still has it is old and exposed.',
    remediation: {
      text: 'Remove --basic-auth-file and authenticate users with OIDC or client certificates.',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --oidc-issuer-url=https://login.acme.example
    - --oidc-client-id=kubernetes`,
    },
    references: [{ framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: authentication' }],
  },
  (flags) =>
    flags['basic-auth-file']
      ? {
          problem: 'accepts static passwords (--basic-auth-file is set). Remove it and use OIDC or certificates',
          flag: 'basic-auth-file',
        }
      : undefined,
);
