import type { Rule, RuleResult } from '../../types';
import { containerResult, containers } from '../../workload';

export const hostPort: Rule = {
  id: 'host-port',
  title: "Container binds a port on the host's network",
  area: 'pods',
  practice: 'No hostNetwork',
  severity: 'MEDIUM',
  rationale:
    'A hostPort publishes the container on every address of its node, outside Services and NetworkPolicies, ' +
    'and ties the pod to nodes where the port is free.',
  remediation: {
    text: 'Remove hostPort and expose the container through a Service.',
    yaml: `spec:
  containers:
    - name: app
      ports:
        - containerPort: 8080`,
  },
  references: [
    { framework: 'PSS', level: 'baseline', control: 'Host Ports' },
    { framework: 'CIS-1.10', control: '5.2.13' },
  ],
  needs: ['workloads'],
  local: true,
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const e of containers(snapshot)) {
      const { c } = e;
      if (!c.ports.some((p) => (p.hostPort ?? 0) > 0)) continue;
      const bound = c.ports.map((p, i) => ({ p, i })).filter(({ p }) => (p.hostPort ?? 0) > 0);
      results.push(
        containerResult(
          e,
          `binds host port${bound.length > 1 ? 's' : ''} ${bound.map(({ p }) => p.hostPort).join(', ')}`,
          'Remove hostPort and use a Service.',
          bound.map(({ i }) => `${e.path}.ports[${i}].hostPort`),
        ),
      );
    }
    return results;
  },
};
