import type { Snapshot, Workload } from '@kubeward/snapshot';
import { workloadInfo } from './resources';

type Accounts = Map<string, Snapshot['serviceAccounts'][number]>;
const indexes = new WeakMap<Snapshot, Accounts>();

export function serviceAccountIndex(snapshot: Snapshot): Accounts {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new Map(snapshot.serviceAccounts.map((sa) => [`${sa.namespace}/${sa.name}`, sa]));
    indexes.set(snapshot, index);
  }
  return index;
}

/**
 * Whether a workload's pods get an API token: the pod's automountServiceAccountToken wins when
 * set, else the ServiceAccount's (when known), else Kubernetes' default, true.
 */
export function tokenMounted(snapshot: Snapshot, w: Workload, accounts = serviceAccountIndex(snapshot)): boolean {
  // Three rules ask for every workload: answer each once (a workload belongs to one snapshot).
  const info = workloadInfo(w);
  return (info.tokenMounted ??=
    w.podSpec.automountServiceAccountToken ??
    accounts.get(`${w.namespace}/${w.podSpec.serviceAccountName}`)?.automountServiceAccountToken ??
    true);
}

/** Why a workload's token is mounted, for messages (built only when reporting). */
export function whyMounted(w: Workload, accounts: Accounts): string {
  const pod = w.podSpec.automountServiceAccountToken;
  if (pod !== undefined) return `the pod sets automountServiceAccountToken: ${pod}`;
  const sa = accounts.get(`${w.namespace}/${w.podSpec.serviceAccountName}`);
  if (sa?.automountServiceAccountToken !== undefined) {
    return `its ServiceAccount "${sa.name}" sets automountServiceAccountToken: ${sa.automountServiceAccountToken}`;
  }
  return 'neither the pod nor its ServiceAccount turns automounting off';
}

/** The service accounts the snapshot's workloads run as, each once. */
export function usedAccounts(snapshot: Pick<Snapshot, 'workloads'>): { namespace: string; name: string }[] {
  const seen = new Map<string, { namespace: string; name: string }>();
  for (const w of snapshot.workloads) {
    const key = `${w.namespace}/${w.podSpec.serviceAccountName}`;
    if (!seen.has(key)) seen.set(key, { namespace: w.namespace, name: w.podSpec.serviceAccountName });
  }
  return [...seen.values()];
}
