import { apiServerFlagRule } from '../../apiserver';

export const apiserverAnonymousAuth = apiServerFlagRule(
  {
    id: 'apiserver-anonymous-auth',
    title: 'API server accepts anonymous requests',
    area: 'cluster',
    practice: 'No basic auth',
    severity: 'MEDIUM',
    rationale:
      'With anonymous auth on (the default), unauthenticated requests reach the authorizer as ' +
      'system:anonymous; one careless binding to it, or to system:unauthenticated, opens the cluster to anyone.',
    remediation: {
      text: 'Set --anonymous-auth=false (health checks can use authenticated probes or the dedicated endpoints).',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --anonymous-auth=false`,
    },
    references: [
      { framework: 'CIS-1.10', control: '1.2.1' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: authentication' },
    ],
  },
  (flags) => {
    const value = flags['anonymous-auth'];
    if (value === 'false') return undefined;
    return {
      problem:
        value === undefined
          ? 'accepts anonymous requests (--anonymous-auth is not set and defaults to true). Set --anonymous-auth=false'
          : `accepts anonymous requests (--anonymous-auth=${value}). Set --anonymous-auth=false`,
      flag: 'anonymous-auth',
    };
  },
);
