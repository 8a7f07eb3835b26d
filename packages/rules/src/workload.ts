import { POD_SPEC_PATH, type Container, type Workload } from '@kubeward/snapshot';
import type { ResourceRef } from './types';

/** JSON path of a workload's pod spec, e.g. `spec.template.spec`. */
export const podSpecPath = (w: Workload): string => POD_SPEC_PATH[w.kind].join('.');

export const containerPath = (w: Workload, c: Container): string => `${podSpecPath(w)}.${c.type}[${c.index}]`;

export const resourceOf = (w: Workload): ResourceRef => ({ kind: w.kind, namespace: w.namespace, name: w.name });

/** "Deployment payments/api" */
export const describeResource = (r: ResourceRef): string =>
  r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
