import { NAMESPACE_NOT_SET, type Workload } from '@kubeward/snapshot';
import { isPlatformComponent } from './platform';
import type { ResourceRef } from './types';

/** What every finding on a workload shares, computed once per workload. */
export interface WorkloadInfo {
  /** Findings of one workload share one (never mutated) resource object and its description. */
  ref: ResourceRef;
  /** Whether the workload is a well-known platform component. */
  platform: boolean;
  /** Whether its pods get an API token (see tokenMounted), once asked. */
  tokenMounted?: boolean;
}

// One look-up per workload for everything: several caches keyed by workload cost more than the
// rules that read them (a large cluster has hundreds of thousands of findings).
const infos = new WeakMap<Workload, WorkloadInfo>();
const descriptions = new WeakMap<ResourceRef, string>();

export function workloadInfo(w: Workload): WorkloadInfo {
  let info = infos.get(w);
  if (!info) {
    const ref = { kind: w.kind, namespace: w.namespace, name: w.name };
    info = { ref, platform: isPlatformComponent(ref) };
    infos.set(w, info);
  }
  return info;
}

export const resourceOf = (w: Workload): ResourceRef => workloadInfo(w).ref;

/** "Deployment payments/api"; "Deployment api (namespace not set)" for a manifest that names none. */
export function describeResource(r: ResourceRef): string {
  let text = descriptions.get(r);
  if (text === undefined) {
    text =
      r.namespace === NAMESPACE_NOT_SET
        ? `${r.kind} ${r.name} (namespace not set)`
        : r.namespace
          ? `${r.kind} ${r.namespace}/${r.name}`
          : `${r.kind} ${r.name}`;
    descriptions.set(r, text);
  }
  return text;
}
