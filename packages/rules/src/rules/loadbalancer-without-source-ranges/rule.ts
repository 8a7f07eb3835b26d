import type { Rule, RuleResult } from '../../types';

export const loadbalancerWithoutSourceRanges: Rule = {
  id: 'loadbalancer-without-source-ranges',
  title: 'LoadBalancer Service accepts traffic from anywhere',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'LOW',
  rationale:
    'An external LoadBalancer without loadBalancerSourceRanges is open to the whole Internet. Internal ' +
    'services and admin interfaces end up there more often than anyone intends.',
  remediation: {
    text: 'Restrict who may connect with loadBalancerSourceRanges, or make the load balancer internal.',
    yaml: `spec:
  type: LoadBalancer
  loadBalancerSourceRanges: ["203.0.113.0/24"]`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening' }],
  needs: ['services'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const s of snapshot.services) {
      if (s.type !== 'LoadBalancer' || s.internal) continue;
      const open =
        s.loadBalancerSourceRanges.length === 0 ||
        s.loadBalancerSourceRanges.some((r) => r === '0.0.0.0/0' || r === '::/0');
      if (!open) continue;
      results.push({
        resource: { kind: 'Service', namespace: s.namespace, name: s.name },
        message: `Service ${s.namespace}/${s.name} is an external LoadBalancer open to any source. Set loadBalancerSourceRanges or make it internal.`,
        paths: ['spec.loadBalancerSourceRanges'],
      });
    }
    return results;
  },
};
