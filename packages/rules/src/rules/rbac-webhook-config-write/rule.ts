import { powerRule } from '../../power-rule';

export const rbacWebhookConfigWrite = powerRule(
  {
    id: 'rbac-webhook-config-write',
    title: 'Subjects can write admission webhook configurations',
    area: 'users',
    practice: 'RBAC',
    severity: 'HIGH',
    rationale:
      'A mutating webhook sees and may rewrite every object it matches, Secrets and pods included; deleting or ' +
      'loosening a validating webhook switches off the policy engine that guards the cluster. Either is a ' +
      'quiet route to every workload.',
    remediation: {
      text: 'Keep webhook configurations with the platform team and the controllers that own them (resourceNames).',
      yaml: `rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations"]
    resourceNames: ["my-operator-webhook"]
    verbs: ["get", "update", "patch"]`,
    },
    references: [
      { framework: 'CIS-1.10', control: '5.1.12' },
      { framework: 'NSA-CISA-1.2', section: 'Authentication and authorization: role-based access control' },
    ],
  },
  ['write-webhooks'],
);
