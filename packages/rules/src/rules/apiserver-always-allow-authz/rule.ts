import { apiServerFlagRule, authorizationModes } from '../../apiserver';

export const apiserverAlwaysAllowAuthz = apiServerFlagRule(
  {
    id: 'apiserver-always-allow-authz',
    title: 'API server authorises every request (AlwaysAllow)',
    area: 'cluster',
    practice: 'No basic auth',
    severity: 'CRITICAL',
    rationale:
      'With AlwaysAllow every authenticated (and, with anonymous auth, unauthenticated) request is permitted: RBAC is not enforced at all.',
    remediation: {
      text: 'Set --authorization-mode=Node,RBAC.',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --authorization-mode=Node,RBAC`,
    },
    references: [
      { framework: 'CIS-1.10', control: '1.2.6' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  (flags) =>
    authorizationModes(flags).includes('AlwaysAllow')
      ? {
          problem: `authorises every request (--authorization-mode=${flags['authorization-mode']}). Use Node,RBAC`,
          flag: 'authorization-mode',
        }
      : undefined,
);
