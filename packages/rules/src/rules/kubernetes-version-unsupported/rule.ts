import { AS_OF, supportStatus } from '../../kubernetes-versions';
import type { Rule } from '../../types';

export const kubernetesVersionUnsupported: Rule = {
  id: 'kubernetes-version-unsupported',
  title: 'Control plane runs a Kubernetes version past end of life',
  area: 'cluster',
  practice: 'Up to date',
  severity: 'HIGH',
  rationale:
    'A Kubernetes minor version past its end of life gets no security fixes: every vulnerability found ' +
    'since stays open. Upstream supports the three newest minors for about fourteen months each.',
  remediation: {
    text: 'Upgrade the control plane, one minor version at a time, to a supported release (then the nodes).',
    yaml: `# e.g. kubeadm
kubeadm upgrade plan
kubeadm upgrade apply v1.34.2`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Upgrading and application security practices' }],
  needs: ['serverVersion'],
  evaluate(snapshot, settings) {
    const version = snapshot.cluster.serverVersion?.gitVersion;
    const status = supportStatus(version, settings.now);
    if (status.status !== 'end-of-life') return [];
    return [
      {
        resource: { kind: 'Cluster', name: 'cluster' },
        message: `The control plane runs Kubernetes ${version}, past its end of life (${status.endOfLife}; support table as of ${AS_OF}). Upgrade to a supported minor version.`,
        paths: ['serverVersion.gitVersion'],
      },
    ];
  },
};
