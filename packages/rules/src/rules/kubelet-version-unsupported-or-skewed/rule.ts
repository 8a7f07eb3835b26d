import { minorSkew, supportStatus } from '../../kubernetes-versions';
import type { Rule, RuleResult } from '../../types';

/** Kubernetes ≥ 1.28 supports kubelets up to three minors older than the API server, never newer. */
const MAX_SKEW = 3;

export const kubeletVersionUnsupportedOrSkewed: Rule = {
  id: 'kubelet-version-unsupported-or-skewed',
  title: 'Node runs an unsupported or skewed kubelet',
  area: 'cluster',
  practice: 'Up to date',
  severity: 'MEDIUM',
  rationale:
    'Kubelets past end of life get no security fixes, and kubelets further from the control plane than ' +
    'the version-skew policy allows are untested combinations that break in subtle ways.',
  remediation: {
    text: 'Upgrade (or replace) the node so that its kubelet is supported and within three minors of the control plane.',
    yaml: `kubectl drain <node> --ignore-daemonsets
# upgrade the kubelet package, or roll the node pool
kubectl uncordon <node>`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Upgrading and application security practices' }],
  needs: ['nodes'],
  evaluate(snapshot, settings) {
    const controlPlane = snapshot.cluster.serverVersion?.gitVersion;
    const results: RuleResult[] = [];
    for (const node of snapshot.nodes) {
      if (!node.kubeletVersion) continue;
      const problems: string[] = [];
      const status = supportStatus(node.kubeletVersion, settings.now);
      if (status.status === 'end-of-life')
        problems.push(`kubelet ${node.kubeletVersion} is past its end of life (${status.endOfLife})`);
      const skew = minorSkew(controlPlane, node.kubeletVersion);
      if (skew !== undefined && skew > MAX_SKEW)
        problems.push(
          `kubelet ${node.kubeletVersion} is ${skew} minor versions behind the control plane (${controlPlane}); at most ${MAX_SKEW} are supported`,
        );
      if (skew !== undefined && skew < 0)
        problems.push(`kubelet ${node.kubeletVersion} is newer than the control plane (${controlPlane})`);
      if (problems.length === 0) continue;
      results.push({
        resource: { kind: 'Node', name: node.name },
        message: `Node ${node.name}: ${problems.join('; ')}. Upgrade the node.`,
        paths: ['status.nodeInfo.kubeletVersion'],
      });
    }
    return results;
  },
};
