import { POD_SPEC_PATH, type Container, type Snapshot, type Workload } from '@kubeward/snapshot';
import type { ResourceRef, RuleResult } from './types';

/** JSON path of a workload's pod spec, e.g. `spec.template.spec`. */
export const podSpecPath = (w: Workload): string => POD_SPEC_PATH[w.kind].join('.');

export const containerPath = (w: Workload, c: Container): string => `${podSpecPath(w)}.${c.type}[${c.index}]`;

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

/** A finding on one container: "<Kind ns/name>: container "c" <what>. <fix>" */
export function containerResult(w: Workload, c: Container, what: string, fix: string, paths: string[]): RuleResult {
  const resource = resourceOf(w);
  return {
    resource,
    container: c.name,
    message: `${describeResource(resource)}: container "${c.name}" ${what}. ${fix}`,
    paths,
  };
}

export function workloadResult(w: Workload, what: string, fix: string, paths: string[]): RuleResult {
  return { resource: resourceOf(w), message: `${describeResource(resourceOf(w))} ${what}. ${fix}`, paths };
}

const pairs = new WeakMap<Snapshot, [Workload, Container][]>();

/** Every container of every workload, init and ephemeral ones included (built once per snapshot). */
export function containers(snapshot: Snapshot): [Workload, Container][] {
  let list = pairs.get(snapshot);
  if (!list) {
    list = [];
    for (const w of snapshot.workloads) for (const c of w.podSpec.containers) list.push([w, c]);
    pairs.set(snapshot, list);
  }
  return list;
}

type EffectiveKey =
  'runAsNonRoot' | 'runAsUser' | 'runAsGroup' | 'seccompProfile' | 'appArmorProfile' | 'seLinuxOptions';

/** A setting as the kubelet resolves it; its JSON path is built only when a finding needs it. */
class Effective<V> {
  constructor(
    readonly value: V,
    private readonly w: Workload,
    private readonly c: Container,
    private readonly key: EffectiveKey,
    private readonly level: 'container' | 'pod',
  ) {}

  get path(): string {
    return this.level === 'container'
      ? `${containerPath(this.w, this.c)}.securityContext.${this.key}`
      : `${podSpecPath(this.w)}.securityContext.${this.key}`;
  }
}

/** A container's effective setting: its own when set, else the pod's (as the kubelet resolves it). */
export function effective<K extends EffectiveKey>(
  w: Workload,
  c: Container,
  key: K,
): Effective<NonNullable<Container['securityContext'][K]>> | undefined {
  type V = NonNullable<Container['securityContext'][K]>;
  const own = c.securityContext[key];
  if (own !== undefined) return new Effective(own as V, w, c, key, 'container');
  const pod = (w.podSpec.securityContext as Record<string, unknown>)[key];
  if (pod !== undefined) return new Effective(pod as V, w, c, key, 'pod');
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
