import { apiServerFlagRule } from '../../apiserver';

export const apiserverInsecurePort = apiServerFlagRule(
  {
    id: 'apiserver-insecure-port',
    title: 'API server serves an unauthenticated plain-HTTP port',
    area: 'cluster',
    practice: 'No basic auth',
    severity: 'CRITICAL',
    rationale:
      'The insecure port bypasses authentication and authorization entirely: anything that reaches it is ' +
      'cluster-admin. Kubernetes removed it in 1.24.',
    remediation: {
      text: 'Remove --insecure-port (or set it to 0 on versions that still have it).',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --insecure-port=0`,
    },
    references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: control plane hardening' }],
  },
  (flags) => {
    const value = flags['insecure-port'];
    return value !== undefined && value !== '0'
      ? {
          problem: `serves unauthenticated HTTP on --insecure-port=${value}. Set it to 0 or remove it`,
          flag: 'insecure-port',
        }
      : undefined;
  },
);
