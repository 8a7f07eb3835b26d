import { isPublicAddress } from '../../network';
import type { Rule, RuleResult } from '../../types';

export const nodePublicIp: Rule = {
  id: 'node-public-ip',
  title: 'Node has a public IP address',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'HIGH',
  rationale:
    'A node reachable from the Internet exposes its kubelet, NodePorts and anything on the host network to ' +
    'every scanner; one misconfigured port is then a way in.',
  remediation: {
    text: 'Run nodes in private subnets and reach them through load balancers, a bastion or a VPN; if public addresses are unavoidable, firewall them.',
    yaml: `# e.g. EKS managed node group
managedNodeGroups:
  - name: workers
    privateNetworking: true`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening' }],
  needs: ['nodes'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const node of snapshot.nodes) {
      const i = node.addresses.findIndex(
        (a) => (a.type === 'ExternalIP' || a.type === 'InternalIP') && isPublicAddress(a.address),
      );
      if (i < 0) continue;
      results.push({
        resource: { kind: 'Node', name: node.name },
        message: `Node ${node.name} has the public address ${node.addresses[i]!.address}. Move it to a private network or firewall it.`,
        paths: [`status.addresses[${i}]`],
      });
    }
    return results;
  },
};
