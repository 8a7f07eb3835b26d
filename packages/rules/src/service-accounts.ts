import type { Snapshot, Workload } from '@kubeward/snapshot';
import { podSpecPath } from './workload';

/**
 * Whether a workload's pods get an API token: the pod's automountServiceAccountToken wins when
 * set, else the ServiceAccount's (when known), else Kubernetes' default, true.
 */
export function tokenMounted(
  snapshot: Snapshot,
  w: Workload,
  accounts = serviceAccountIndex(snapshot),
): { mounted: boolean; path: string; why: string } {
  const pod = w.podSpec.automountServiceAccountToken;
  if (pod !== undefined) {
    return {
      mounted: pod,
      path: `${podSpecPath(w)}.automountServiceAccountToken`,
      why: `the pod sets automountServiceAccountToken: ${pod}`,
    };
  }
  const sa = accounts.get(`${w.namespace}/${w.podSpec.serviceAccountName}`);
  if (sa?.automountServiceAccountToken !== undefined) {
    return {
      mounted: sa.automountServiceAccountToken,
      path: `${podSpecPath(w)}.automountServiceAccountToken`,
      why: `its ServiceAccount "${sa.name}" sets automountServiceAccountToken: ${sa.automountServiceAccountToken}`,
    };
  }
  return {
    mounted: true,
    path: `${podSpecPath(w)}.automountServiceAccountToken`,
    why: 'neither the pod nor its ServiceAccount turns automounting off',
  };
}

export function serviceAccountIndex(snapshot: Snapshot) {
  return new Map(snapshot.serviceAccounts.map((sa) => [`${sa.namespace}/${sa.name}`, sa]));
}
