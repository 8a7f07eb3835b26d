import type { Snapshot } from '@kubeward/snapshot';
import type { Rule, RuleResult } from './types';

/** API server flag rules cannot judge a managed control plane, whose flags the provider owns. */
export const managedControlPlane = (snapshot: Snapshot): string | undefined =>
  snapshot.cluster.managed
    ? `managed control plane (${snapshot.cluster.managed}): its API server flags are the provider's`
    : undefined;

type Check = (flags: Record<string, string>) => { problem: string; flag: string } | undefined;

/** A rule over the kube-apiserver flags, reported on the API server itself. */
export function apiServerFlagRule(meta: Omit<Rule, 'evaluate' | 'needs' | 'notApplicable'>, check: Check): Rule {
  return {
    ...meta,
    needs: ['apiServer'],
    notApplicable: managedControlPlane,
    evaluate(snapshot): RuleResult[] {
      const found = check(snapshot.cluster.apiServer?.flags ?? {});
      if (!found) return [];
      const pod = snapshot.cluster.apiServer?.pod ?? { namespace: 'kube-system', name: 'kube-apiserver' };
      return [
        {
          resource: { kind: 'Pod', ...pod },
          container: 'kube-apiserver',
          message: `kube-apiserver (Pod ${pod.namespace}/${pod.name}) ${found.problem}.`,
          paths: [`--${found.flag}`],
          // The control plane's configuration is the operator's to fix, even though the pod is a system one.
          platform: false,
        },
      ];
    },
  };
}

/** `--authorization-mode=Node,RBAC` → ['Node', 'RBAC']. */
export const authorizationModes = (flags: Record<string, string>) =>
  (flags['authorization-mode'] ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
