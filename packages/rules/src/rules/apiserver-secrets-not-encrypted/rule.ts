import { apiServerFlagRule } from '../../apiserver';

export const apiserverSecretsNotEncrypted = apiServerFlagRule(
  {
    id: 'apiserver-secrets-not-encrypted',
    title: 'Secrets are not encrypted at rest',
    area: 'cluster',
    practice: 'Secrets in Secrets',
    severity: 'HIGH',
    rationale:
      'Without --encryption-provider-config the API server stores Secrets in etcd as base64 text: every etcd ' +
      'backup, snapshot or disk holds every credential of the cluster in the clear.',
    remediation: {
      text: 'Give the API server an EncryptionConfiguration for secrets (a KMS provider, or aescbc/secretbox), then rewrite existing Secrets.',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --encryption-provider-config=/etc/kubernetes/encryption-config.yaml`,
    },
    references: [
      { framework: 'CIS-1.10', control: '1.2.27' },
      { framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: encryption' },
    ],
  },
  (flags) =>
    flags['encryption-provider-config']
      ? undefined
      : {
          problem: 'stores Secrets unencrypted in etcd (--encryption-provider-config is not set)',
          flag: 'encryption-provider-config',
        },
);
