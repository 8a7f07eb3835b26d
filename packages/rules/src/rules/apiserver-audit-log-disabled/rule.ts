import { apiServerFlagRule } from '../../apiserver';

export const apiserverAuditLogDisabled = apiServerFlagRule(
  {
    id: 'apiserver-audit-log-disabled',
    title: 'API server does not write an audit log',
    area: 'cluster',
    practice: 'No basic auth',
    severity: 'MEDIUM',
    rationale:
      'Without an audit log nobody can tell, after the fact, who read which Secret, who exec-ed into which pod or ' +
      'who bound cluster-admin: an intrusion leaves no trace in the one component every request goes through.',
    remediation: {
      text: 'Set --audit-policy-file and --audit-log-path (or --audit-webhook-config-file) and ship the log off the cluster.',
      yaml: `# /etc/kubernetes/manifests/kube-apiserver.yaml
    - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
    - --audit-log-path=/var/log/kubernetes/audit.log
    - --audit-log-maxage=30`,
    },
    references: [
      { framework: 'CIS-1.10', control: '1.2.16' },
      { framework: 'NSA-CISA-1.2', section: 'Audit logging and threat detection: logging' },
    ],
  },
  (flags) => {
    if (flags['audit-webhook-config-file'] && flags['audit-policy-file']) return undefined;
    if (!flags['audit-log-path'] && !flags['audit-webhook-config-file']) {
      return {
        problem: 'writes no audit log (neither --audit-log-path nor --audit-webhook-config-file is set)',
        flag: 'audit-log-path',
      };
    }
    // Without a policy file the API server records nothing, whatever the destination.
    if (!flags['audit-policy-file']) {
      return {
        problem: 'has an audit log destination but no --audit-policy-file, so it records nothing',
        flag: 'audit-policy-file',
      };
    }
    return undefined;
  },
);
