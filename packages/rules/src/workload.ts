import { POD_SPEC_PATH, type Container, type Snapshot, type Workload } from '@kubeward/snapshot';
import { ContainerFinding, WorkloadFinding } from './finding';
import { describeResource, resourceOf, workloadInfo } from './resources';

export { describeResource, resourceOf };
import type { ResourceRef, RuleResult } from './types';

const SPEC_PATH = Object.fromEntries(Object.entries(POD_SPEC_PATH).map(([k, v]) => [k, v.join('.')])) as Record<
  Workload['kind'],
  string
>;

/** JSON path of a workload's pod spec, e.g. `spec.template.spec`. */
export const podSpecPath = (w: Workload): string => SPEC_PATH[w.kind];

// `[spec.template.spec.<field>]` per kind and field: a handful of lists shared by every finding,
// looked up by the (constant) field name so that no string is built per finding.
const podFieldLists = new Map<string, Map<string, string[]>>();
const podMetaLists = new Map<string, Map<string, string[]>>();

function shared(lists: Map<string, Map<string, string[]>>, kind: string, suffix: string, base: string): string[] {
  let byField = lists.get(kind);
  if (!byField) lists.set(kind, (byField = new Map()));
  let list = byField.get(suffix);
  if (!list) byField.set(suffix, (list = [`${base}.${suffix}`]));
  return list;
}

/** `[path of a pod spec field]`, e.g. `podField(w, 'hostNetwork')`; shared, never mutated. */
export const podField = (w: Workload, suffix: string): string[] =>
  shared(podFieldLists, w.kind, suffix, SPEC_PATH[w.kind]);

/** `[path of a pod template metadata field]`, e.g. `podMetaField(w, 'labels')`; shared. */
export const podMetaField = (w: Workload, suffix: string): string[] =>
  shared(podMetaLists, w.kind, suffix, podMetadataPath(w));

// `spec.template.spec.containers[0]` is the same string for thousands of findings: build it once.
const containerPaths: Record<string, Record<string, string[]>> = {};

export function containerPath(w: Workload, c: Container): string {
  const byType = (containerPaths[w.kind] ??= {});
  const byIndex = (byType[c.type] ??= []);
  return (byIndex[c.index] ??= `${SPEC_PATH[w.kind]}.${c.type}[${c.index}]`);
}

/**
 * A container with everything a finding about it needs, computed once per snapshot: rules run
 * over every container of the cluster, each emitting thousands of findings, and per-finding
 * look-ups and string building dominated the engine's time.
 */
export interface ContainerEntry {
  w: Workload;
  c: Container;
  /** Shared by every finding on this workload; never mutated. */
  ref: ResourceRef;
  /** JSON path of the container, e.g. `spec.template.spec.containers[0]`. */
  path: string;

  /** Whether the workload is a well-known platform component (computed once, not per finding). */
  platform: boolean;
  /** Whether the pod template has any rule-relevant annotation (most have none: skip the look-ups). */
  annotated: boolean;
  /** Paths of this container's fields, shared with every container at the same path. */
  fields: Map<string, FieldPath>;
}

interface FieldPath {
  path: string;
  list: string[];
}

// Field paths depend only on the container's path (kind, list, index) and the field: a handful of
// distinct strings, shared by every finding in the cluster.
const fieldPaths = new Map<string, Map<string, FieldPath>>();

const entries = new WeakMap<Snapshot, ContainerEntry[]>();

/** Every container of every workload, init and ephemeral ones included. */
export function containers(snapshot: Snapshot): ContainerEntry[] {
  let list = entries.get(snapshot);
  if (!list) {
    list = [];
    for (const w of snapshot.workloads) {
      const { ref, platform } = workloadInfo(w);
      let annotated = false;
      for (const _ in w.annotations) {
        annotated = true;
        break;
      }
      for (const c of w.podSpec.containers) {
        const path = containerPath(w, c);
        let fields = fieldPaths.get(path);
        if (!fields) fieldPaths.set(path, (fields = new Map()));
        list.push({ w, c, ref, path, annotated, platform, fields });
      }
    }
    entries.set(snapshot, list);
  }
  return list;
}

function field(e: ContainerEntry, suffix: string): FieldPath {
  let f = e.fields.get(suffix);
  if (!f) {
    const path = `${e.path}.${suffix}`;
    f = { path, list: [path] };
    e.fields.set(suffix, f);
  }
  return f;
}

/** JSON path of a field of the container, e.g. `at(e, 'securityContext.privileged')`. */
export const at = (e: ContainerEntry, suffix: string): string => field(e, suffix).path;

/** `[at(e, suffix)]`, shared: findings only ever copy their paths, never push into them. */
export const one = (e: ContainerEntry, suffix: string): string[] => field(e, suffix).list;

/** A finding on one container: "<Kind ns/name>: container "c" <what>. <fix>" (rendered when read). */
export function containerResult(e: ContainerEntry, what: string, fix: string, paths: string[]): RuleResult {
  return new ContainerFinding(e.ref, e.c.name, what, fix, paths, e.platform);
}

export function workloadResult(w: Workload, what: string, fix: string, paths: string[]): RuleResult {
  const { ref, platform } = workloadInfo(w);
  return new WorkloadFinding(ref, what, fix, paths, platform);
}

type EffectiveKey =
  'runAsNonRoot' | 'runAsUser' | 'runAsGroup' | 'seccompProfile' | 'appArmorProfile' | 'seLinuxOptions';

/** A container's effective setting: its own when set, else the pod's (as the kubelet resolves it). */
export function effective<K extends EffectiveKey>(
  e: ContainerEntry,
  key: K,
): NonNullable<Container['securityContext'][K]> | undefined {
  // Named reads, not sc[key], and no wrapper object: this runs for every container under several
  // rules, and keyed reads of a varying key or a small object per call cost more than the rule.
  const own = read(e.c.securityContext, key);
  return (own !== undefined ? own : read(e.w.podSpec.securityContext, key)) as
    NonNullable<Container['securityContext'][K]> | undefined;
}

// Per kind and key: built once, so the per-finding work is two reads, not a string and a hash.
const podFieldPaths: Partial<Record<Workload['kind'], Partial<Record<EffectiveKey, string[]>>>> = {};
const CONTAINER_SUFFIX: Record<EffectiveKey, string> = {
  runAsNonRoot: 'securityContext.runAsNonRoot',
  runAsUser: 'securityContext.runAsUser',
  runAsGroup: 'securityContext.runAsGroup',
  seccompProfile: 'securityContext.seccompProfile',
  appArmorProfile: 'securityContext.appArmorProfile',
  seLinuxOptions: 'securityContext.seLinuxOptions',
};

/**
 * `[path]` of where a finding about an effective setting points: the pod's field when only the pod
 * sets it, else the container's (where it is set, or where to set it). Shared; never mutated.
 */
export function effectivePaths(e: ContainerEntry, key: EffectiveKey): string[] {
  if (read(e.c.securityContext, key) === undefined && read(e.w.podSpec.securityContext, key) !== undefined) {
    const byKey = (podFieldPaths[e.w.kind] ??= {});
    return (byKey[key] ??= [`${podSpecPath(e.w)}.${CONTAINER_SUFFIX[key]}`]);
  }
  return one(e, CONTAINER_SUFFIX[key]);
}

function read(sc: Partial<Record<EffectiveKey, unknown>>, key: EffectiveKey): unknown {
  switch (key) {
    case 'runAsNonRoot':
      return sc.runAsNonRoot;
    case 'runAsUser':
      return sc.runAsUser;
    case 'runAsGroup':
      return sc.runAsGroup;
    case 'seccompProfile':
      return sc.seccompProfile;
    case 'appArmorProfile':
      return sc.appArmorProfile;
    case 'seLinuxOptions':
      return sc.seLinuxOptions;
  }
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
