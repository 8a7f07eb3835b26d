import type { Rule, RuleResult } from '../../types';

export const ingressWithoutTls: Rule = {
  id: 'ingress-without-tls',
  title: 'Ingress serves without TLS',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'MEDIUM',
  rationale:
    'An Ingress without a tls section serves its hosts over plain HTTP: sessions, tokens and form posts cross ' +
    'every network between the user and the cluster readable and changeable.',
  remediation: {
    text: 'Add a tls section with a certificate for every host (cert-manager can issue and renew them).',
    yaml: `spec:
  tls:
    - hosts: [shop.acme.example]
      secretName: shop-tls`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: encryption' }],
  needs: ['ingresses'],
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const i of snapshot.ingresses) {
      if (i.tls || i.backends.length === 0) continue;
      const hosts = [...new Set(i.backends.map((b) => b.host ?? '*'))].join(', ');
      results.push({
        resource: { kind: 'Ingress', namespace: i.namespace, name: i.name },
        message: `Ingress ${i.namespace}/${i.name} serves ${hosts} over plain HTTP. Add a tls section with a certificate.`,
        paths: ['spec.tls'],
      });
    }
    return results;
  },
};
