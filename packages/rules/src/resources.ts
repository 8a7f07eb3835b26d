import type { Workload } from '@kubeward/snapshot';
import type { ResourceRef } from './types';

// Findings of one workload share one (never mutated) resource object and its description:
// a large cluster has hundreds of thousands of findings, and each copy costs.
const refs = new WeakMap<Workload, ResourceRef>();
const descriptions = new WeakMap<ResourceRef, string>();

export function resourceOf(w: Workload): ResourceRef {
  let ref = refs.get(w);
  if (!ref) {
    ref = { kind: w.kind, namespace: w.namespace, name: w.name };
    refs.set(w, ref);
  }
  return ref;
}

/** "Deployment payments/api" */
export function describeResource(r: ResourceRef): string {
  let text = descriptions.get(r);
  if (text === undefined) {
    text = r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
    descriptions.set(r, text);
  }
  return text;
}
