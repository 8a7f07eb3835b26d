import type { Rule, RuleResult } from '../../types';

export const serviceExternalIps: Rule = {
  id: 'service-external-ips',
  title: 'Service sets externalIPs',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'MEDIUM',
  rationale:
    'spec.externalIPs makes every node accept traffic for the listed addresses, and nothing checks that the ' +
    'addresses belong to whoever wrote the Service: anyone who may create Services can intercept traffic meant ' +
    'for any IP, inside or outside the cluster (CVE-2020-8554). Block the field with the DenyServiceExternalIPs ' +
    'admission plugin or a policy.',
  remediation: {
    text: 'Use a LoadBalancer or an Ingress instead of externalIPs, and enable DenyServiceExternalIPs on the API server.',
    yaml: `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 443, targetPort: 8443 }]`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening' }],
  needs: ['services'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const s of snapshot.services) {
      if (s.externalIPs.length === 0) continue;
      results.push({
        resource: { kind: 'Service', namespace: s.namespace, name: s.name },
        message: `Service ${s.namespace}/${s.name} claims externalIPs ${s.externalIPs.join(', ')}, which every node will answer for (CVE-2020-8554). Use a LoadBalancer or an Ingress.`,
        paths: ['spec.externalIPs'],
      });
    }
    return results;
  },
};
