import { apiServerFlagRule, authorizationModes } from '../../apiserver';

export const abacAuthorization = apiServerFlagRule(
  {
    id: 'abac-authorization',
    title: 'API server uses ABAC authorization',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      'ABAC policies live in a file on the control plane, need an API server restart to change, cannot be ' +
      'audited through the API and are usually far broader than intended. RBAC replaced them.',
    remediation: {
      text: 'Migrate the policies to RBAC Roles and bindings and remove ABAC from --authorization-mode.',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --authorization-mode=Node,RBAC`,
    },
    references: [{ framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' }],
  },
  (flags) =>
    authorizationModes(flags).includes('ABAC') || flags['authorization-policy-file']
      ? {
          problem: `authorises with ABAC (--authorization-mode=${flags['authorization-mode'] ?? ''}). Migrate to RBAC`,
          flag: 'authorization-mode',
        }
      : undefined,
);
