import type { NetworkPolicy } from '@kubeward/snapshot';
import { cidrContains } from '../../network';
import type { Rule, RuleResult } from '../../types';

/** The link-local (and EC2 IPv6) addresses cloud providers serve instance metadata and credentials on. */
const METADATA = ['169.254.169.254', 'fd00:ec2::254'];

type Egress = NonNullable<NetworkPolicy['egress']>[number];

/** The metadata services answer plain HTTP on port 80: a rule limited to other ports does not reach them. */
const reachesPort80 = (rule: Egress) =>
  rule.ports.length === 0 ||
  rule.ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === 'TCP' &&
      (p.port === undefined ||
        p.port === 80 ||
        (typeof p.port === 'number' && p.endPort !== undefined && p.port <= 80 && 80 <= p.endPort)),
  );

/** Which of a policy's egress rules let traffic reach a metadata address, if any. */
function openings(np: NetworkPolicy): number[] {
  const found: number[] = [];
  (np.egress ?? []).forEach((rule, i) => {
    // No peers: every destination.
    const toMetadata =
      rule.peers.length === 0 ||
      rule.peers.some(
        (p) =>
          p.ipBlock &&
          METADATA.some(
            (ip) => cidrContains(p.ipBlock!.cidr, ip) && !p.ipBlock!.except.some((e) => cidrContains(e, ip)),
          ),
      );
    if (toMetadata && reachesPort80(rule)) found.push(i);
  });
  return found;
}

export const networkPolicyAllowsMetadata: Rule = {
  id: 'network-policy-allows-metadata',
  title: 'Egress policy lets pods reach the cloud metadata service',
  area: 'cluster',
  practice: 'Isolated from the Internet',
  severity: 'HIGH',
  rationale:
    "On AWS, GCP and Azure the metadata service at 169.254.169.254 hands out the node's cloud credentials to " +
    "whoever asks from the node's network. An egress policy that allows 0.0.0.0/0 (or every destination) without " +
    "excepting that address gives every pod it selects the node's cloud identity: a web bug becomes an account " +
    'takeover.',
  remediation: {
    text: 'Except the metadata address from broad egress rules (or allow only the destinations the pods need).',
    yaml: `egress:
  - to:
      - ipBlock:
          cidr: 0.0.0.0/0
          except: [169.254.169.254/32]`,
  },
  references: [
    {
      framework: 'NSA-CISA-1.2',
      section: 'Network separation and hardening: protecting sensitive cloud infrastructure',
    },
  ],
  needs: ['networkPolicies'],
  notApplicable(snapshot) {
    return snapshot.networkPolicies.some((np) => np.egress === undefined)
      ? 'the agent that sent this snapshot does not report NetworkPolicy rules; upgrade it'
      : undefined;
  },
  evaluate(snapshot) {
    const results: RuleResult[] = [];
    for (const np of snapshot.networkPolicies) {
      if (!np.policyTypes.includes('Egress') && !(np.egress && np.egress.length > 0)) continue;
      const open = openings(np);
      if (open.length === 0) continue;
      results.push({
        resource: { kind: 'NetworkPolicy', namespace: np.namespace, name: np.name },
        message: `NetworkPolicy ${np.namespace}/${np.name} lets the pods it selects reach the cloud metadata address (169.254.169.254) through egress rule${open.length === 1 ? '' : 's'} ${open.map((i) => i + 1).join(', ')}. Except 169.254.169.254/32 from it.`,
        paths: open.map((i) => `spec.egress[${i}]`),
      });
    }
    return results;
  },
};
