import { isPublicAddress } from '../../network';
import type { Rule, RuleResult } from '../../types';

export const serviceNodeport: Rule = {
  id: 'service-nodeport',
  title: 'Service is exposed on every node (NodePort)',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'MEDIUM',
  rationale:
    'A NodePort Service listens on a port of every node, past any ingress controller, TLS termination or ' +
    'authentication in front of the cluster; on nodes with public addresses it is open to the Internet.',
  remediation: {
    text: 'Use a ClusterIP Service behind an Ingress or Gateway, or an internal LoadBalancer.',
    yaml: `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: ClusterIP
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening' }],
  needs: ['services'],
  evaluate(snapshot) {
    const publicNodes = snapshot.nodes.some((n) =>
      n.addresses.some((a) => a.type === 'ExternalIP' && isPublicAddress(a.address)),
    );
    const results: RuleResult[] = [];
    for (const s of snapshot.services) {
      if (s.type !== 'NodePort') continue;
      const ports = s.ports.map((p) => p.nodePort ?? p.port).join(', ');
      results.push({
        resource: { kind: 'Service', namespace: s.namespace, name: s.name },
        message:
          `Service ${s.namespace}/${s.name} is of type NodePort (${ports}): reachable on every node` +
          (publicNodes ? ', and some nodes have public addresses' : '') +
          '. Use ClusterIP behind an Ingress, or an internal LoadBalancer.',
        paths: ['spec.type'],
        ...(publicNodes ? { severity: 'HIGH' as const } : {}),
      });
    }
    return results;
  },
};
