import { isPublicAddress } from '../../network';
import type { Rule } from '../../types';

function host(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

export const apiserverPublicEndpoint: Rule = {
  id: 'apiserver-public-endpoint',
  title: 'API server is reachable at a public address',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'MEDIUM',
  rationale:
    'A Kubernetes API server on the Internet is one credential leak, or one authentication bug, away from ' +
    'compromise, and is probed constantly. Private endpoints or source-address allow-lists remove the exposure.',
  remediation: {
    text: 'Make the endpoint private (or allow-list the networks that administer the cluster).',
    yaml: `# e.g. EKS
vpc:
  clusterEndpoints:
    publicAccess: false
    privateAccess: true`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: control plane hardening' }],
  needs: ['apiServer'],
  evaluate(snapshot) {
    const flags = snapshot.cluster.apiServer?.flags ?? {};
    const candidates = [
      flags['advertise-address'],
      flags['bind-address'],
      snapshot.cluster.endpoint ? host(snapshot.cluster.endpoint) : undefined,
    ];
    const exposed = candidates.find((a): a is string => !!a && isPublicAddress(a));
    if (!exposed) return [];
    return [
      {
        resource: { kind: 'Cluster', name: 'cluster' },
        message: `The API server is reachable at the public address ${exposed}. Make its endpoint private or restrict who may connect.`,
        paths: ['--advertise-address'],
      },
    ];
  },
};
