import { POD_SPEC_PATH, type Container, type Snapshot, type Workload } from '@kubeward/snapshot';
import type { ResourceRef, RuleResult } from './types';

/** JSON path of a workload's pod spec, e.g. `spec.template.spec`. */
export const podSpecPath = (w: Workload): string => POD_SPEC_PATH[w.kind].join('.');

export const containerPath = (w: Workload, c: Container): string => `${podSpecPath(w)}.${c.type}[${c.index}]`;

export const resourceOf = (w: Workload): ResourceRef => ({ kind: w.kind, namespace: w.namespace, name: w.name });

/** "Deployment payments/api" */
export const describeResource = (r: ResourceRef): string =>
  r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;

/** A finding on one container: "<Kind ns/name>: container "c" <what>. <fix>" */
export function containerResult(w: Workload, c: Container, what: string, fix: string, paths: string[]): RuleResult {
  return {
    resource: resourceOf(w),
    container: c.name,
    message: `${describeResource(resourceOf(w))}: container "${c.name}" ${what}. ${fix}`,
    paths,
  };
}

export function workloadResult(w: Workload, what: string, fix: string, paths: string[]): RuleResult {
  return { resource: resourceOf(w), message: `${describeResource(resourceOf(w))} ${what}. ${fix}`, paths };
}

/** Every container of every workload, init and ephemeral ones included. */
export function* containers(snapshot: Snapshot): Generator<[Workload, Container]> {
  for (const w of snapshot.workloads) for (const c of w.podSpec.containers) yield [w, c];
}

/** A container's effective setting: its own when set, else the pod's (as the kubelet resolves it). */
export function effective<
  K extends 'runAsNonRoot' | 'runAsUser' | 'runAsGroup' | 'seccompProfile' | 'appArmorProfile' | 'seLinuxOptions',
>(
  w: Workload,
  c: Container,
  key: K,
): { value: NonNullable<Container['securityContext'][K]>; path: string } | undefined {
  const own = c.securityContext[key];
  if (own !== undefined)
    return {
      value: own as NonNullable<Container['securityContext'][K]>,
      path: `${containerPath(w, c)}.securityContext.${key}`,
    };
  const pod = (w.podSpec.securityContext as Record<string, unknown>)[key];
  if (pod !== undefined)
    return {
      value: pod as NonNullable<Container['securityContext'][K]>,
      path: `${podSpecPath(w)}.securityContext.${key}`,
    };
  return undefined;
}

/** Whether a pod's labels satisfy a label selector (matchLabels and matchExpressions). */
export function selects(
  selector: {
    matchLabels: Record<string, string>;
    matchExpressions: { key: string; operator: string; values: string[] }[];
  },
  labels: Record<string, string>,
): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (value === undefined || !e.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && e.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** JSON path of the pod template's metadata, e.g. `spec.template.metadata` (`metadata` for a Pod). */
export const podMetadataPath = (w: Workload): string =>
  w.kind === 'Pod' ? 'metadata' : `${POD_SPEC_PATH[w.kind].slice(0, -1).join('.')}.metadata`;
