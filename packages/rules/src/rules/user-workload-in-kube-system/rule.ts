import { workloadInfo } from '../../resources';
import type { Rule, RuleResult } from '../../types';
import { workloadResult } from '../../workload';

export const userWorkloadInKubeSystem: Rule = {
  id: 'user-workload-in-kube-system',
  title: 'Application workload runs in kube-system',
  area: 'cluster',
  practice: 'Secrets in Secrets',
  severity: 'MEDIUM',
  rationale:
    "kube-system holds the control plane's own accounts and Secrets, and its pods are usually exempt from Pod " +
    'Security and policy engines. A workload placed there shares that trust: whoever can change it, or compromises ' +
    'it, sits next to the tokens of the controllers that run the cluster.',
  remediation: {
    text: 'Move the workload to a namespace of its own, with its own service account, Pod Security level and policies.',
    yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    pod-security.kubernetes.io/enforce: baseline`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: namespaces' }],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const w of snapshot.workloads) {
      if (w.namespace !== 'kube-system' || workloadInfo(w).platform) continue;
      results.push(
        workloadResult(
          w,
          "runs in kube-system, beside the control plane's accounts and Secrets, but is not a known platform component",
          'Move it to a namespace of its own.',
          ['metadata.namespace'],
        ),
      );
    }
    return results;
  },
};
