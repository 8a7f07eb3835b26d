import type { Rule } from '../../types';
import { describeResource, podField, resourceOf } from '../../workload';

export const hostNetwork: Rule = {
  id: 'host-network',
  title: "Pod shares the host's network namespace",
  area: 'pods',
  practice: 'No hostNetwork',
  severity: 'HIGH',
  rationale:
    'With hostNetwork a pod sees every interface of the node, can bind its ports, sniff its traffic and ' +
    'reach services that listen only on localhost (such as the kubelet), and NetworkPolicies no longer apply to it.',
  remediation: {
    text: 'Remove `hostNetwork: true` and expose the pod through a Service instead.',
    yaml: `spec:
  template:
    spec:
      hostNetwork: false`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'Host Namespaces' },
    { framework: 'CIS-1.10', control: '5.2.5' },
    { framework: 'NSA-CISA-1.2', section: 'Kubernetes Pod security: pod security enforcement' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    return snapshot.workloads
      .filter((w) => w.podSpec.hostNetwork)
      .map((w) => ({
        resource: resourceOf(w),
        message: `${describeResource(resourceOf(w))} uses the host's network namespace. Remove hostNetwork: true.`,
        paths: podField(w, 'hostNetwork'),
      }));
  },
};
