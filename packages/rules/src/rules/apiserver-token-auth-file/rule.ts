import { apiServerFlagRule } from '../../apiserver';

export const apiserverTokenAuthFile = apiServerFlagRule(
  {
    id: 'apiserver-token-auth-file',
    title: 'API server accepts static tokens (--token-auth-file)',
    area: 'cluster',
    practice: 'No basic auth',
    severity: 'HIGH',
    rationale:
      'Static tokens in a file on the control plane never expire and cannot be revoked without editing the file ' +
      'and restarting the API server; whoever copies one keeps access indefinitely.',
    remediation: {
      text: 'Remove --token-auth-file; use OIDC for people and service-account tokens for workloads.',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml: delete the line
    - --token-auth-file=/etc/kubernetes/tokens.csv`,
    },
    references: [
      { framework: 'CIS-1.10', control: '1.2.2' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: authentication' },
    ],
  },
  (flags) =>
    flags['token-auth-file']
      ? { problem: 'accepts static tokens (--token-auth-file is set). Remove it', flag: 'token-auth-file' }
      : undefined,
);
