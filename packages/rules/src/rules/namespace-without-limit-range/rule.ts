import { uncoveredNamespaces } from '../../quotas';
import type { Rule } from '../../types';

export const namespaceWithoutLimitRange: Rule = {
  id: 'namespace-without-limit-range',
  title: 'Namespace gives containers no default limits (LimitRange)',
  area: 'containers',
  practice: 'Assume you will be owned',
  severity: 'LOW',
  rationale:
    'A LimitRange gives every container of the namespace a default memory and CPU limit, so that one without ' +
    'its own cannot starve its node, and a compromised one cannot mine or flood unbounded. Limits set workload by ' +
    'workload are forgotten; a namespace default is not.',
  remediation: {
    text: 'Add a LimitRange with default limits and requests for containers.',
    yaml: `apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { cpu: 500m, memory: 512Mi }
      defaultRequest: { cpu: 100m, memory: 128Mi }`,
  },
  references: [{ framework: 'NSA-CISA-1.2', section: 'Network separation and hardening: resource policies' }],
  needs: ['workloads', 'quotas'],
  evaluate(snapshot) {
    const covered = new Set(snapshot.limitRanges.filter((l) => l.defaultLimits).map((l) => l.namespace));
    return uncoveredNamespaces(
      snapshot,
      covered,
      (ns, n) =>
        `Namespace ${ns} runs ${n} workload${n === 1 ? '' : 's'} and has no LimitRange with default container limits. Add one.`,
    );
  },
};
