import diff from 'microdiff';
import { sha256 } from './hash';
import { POD_SPEC_PATH } from './normalise';
import type { Snapshot, Workload } from './schema';

/** One object of a snapshot, as drift tracks it. */
export interface TrackedObject {
  /** `kind/namespace/name` (namespace empty for cluster-scoped objects). */
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  /**
   * sha256 of the object's JSON as given. Snapshots are serialised with sorted keys (the agent's
   * builder, the API's validated copy), so equal objects hash equally; were keys ever reordered,
   * the field diff would find nothing and no change would be recorded. Three times cheaper than
   * re-canonicalising 10,000 objects per evaluation.
   */
  hash: string;
  body: object;
}

/**
 * The namespace of a manifest that names none: not `default`, since `kubectl apply` puts it in
 * whatever namespace the context points to. No real namespace can be called this.
 */
export const NAMESPACE_NOT_SET = '(namespace not set)';

export const objectKey = (kind: string, namespace: string | null | undefined, name: string): string =>
  `${kind}/${namespace ?? ''}/${name}`;

/** The same key for anything that names an object: a finding's resource, a workload, a stored row. */
export const resourceKey = (r: { kind: string; namespace?: string | null; name: string }): string =>
  objectKey(r.kind, r.namespace, r.name);

/** Sections whose entries carry no `kind` of their own. */
const SECTION_KIND = {
  namespaces: 'Namespace',
  serviceAccounts: 'ServiceAccount',
  nodes: 'Node',
  services: 'Service',
  ingresses: 'Ingress',
  networkPolicies: 'NetworkPolicy',
  limitRanges: 'LimitRange',
  resourceQuotas: 'ResourceQuota',
  configMaps: 'ConfigMap',
} as const;

type Named = { namespace?: string; name: string };

/** Calls `visit` for every object of the snapshot, with its kind and where it sits. */
function eachObject(snapshot: Snapshot, visit: (kind: string, o: Named, path: string) => void): void {
  snapshot.workloads.forEach((w, i) => visit(w.kind, w, `workloads[${i}]`));
  for (const [section, kind] of Object.entries(SECTION_KIND))
    snapshot[section as keyof typeof SECTION_KIND].forEach((o, i) => visit(kind, o, `${section}[${i}]`));
  for (const section of ['roles', 'bindings', 'admissionWebhooks', 'policyEngines'] as const)
    snapshot[section].forEach((o, i) => visit(o.kind, o, `${section}[${i}]`));
}

/** Every object of the snapshot with its key and content hash. */
export function trackedObjects(snapshot: Snapshot): TrackedObject[] {
  const out: TrackedObject[] = [];
  eachObject(snapshot, (kind, o) =>
    out.push({
      key: objectKey(kind, o.namespace, o.name),
      kind,
      ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
      name: o.name,
      hash: sha256(JSON.stringify(o)),
      body: o,
    }),
  );
  return out;
}

/**
 * The first object that repeats another's kind, namespace and name, if any. A cluster cannot
 * hold two; a snapshot that does is refused at ingest, where it would otherwise fail its
 * evaluation on every retry.
 */
export function duplicateObject(snapshot: Snapshot): { path: string; message: string } | undefined {
  const seen = new Map<string, string>();
  let found: { path: string; message: string } | undefined;
  eachObject(snapshot, (kind, o, path) => {
    if (found) return;
    const key = objectKey(kind, o.namespace, o.name);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, path);
    else found = { path, message: `${key} appears twice (also at ${first}); a cluster holds each object once` };
  });
  return found;
}

export interface FieldChange {
  /** Where, in the object's own terms: `spec.template.spec.containers[0].securityContext.privileged`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Arrays of named objects (containers, env, volumes, ports…) become maps by name, so that adding
 * one in the middle is one change, not a shift of every later element.
 */
function keyed(value: unknown): unknown {
  if (Array.isArray(value)) {
    const named = value.every((v) => v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string');
    const names = named ? new Set(value.map((v) => (v as { name: string }).name)) : undefined;
    if (names && names.size === value.length && value.length > 0)
      return Object.fromEntries(value.map((v) => [`[${(v as { name: string }).name}]`, keyed(v)]));
    return value.map(keyed);
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keyed(v)]));
  return value;
}

/**
 * Field-level changes from one version of an object to the next. Workload paths are rendered as
 * in the Kubernetes object (`spec.template.spec.containers[0]…`), since that is what people edit.
 */
export function diffObjects(kind: string, before: object, after: object): FieldChange[] {
  const changes = diff(keyed(before) as Record<string, unknown>, keyed(after) as Record<string, unknown>);
  const render = (path: (string | number)[]) => renderPath(kind, path, before, after);
  return changes
    .map((c): FieldChange => {
      if (c.type === 'CREATE') return { path: render(c.path), after: c.value };
      if (c.type === 'REMOVE') return { path: render(c.path), before: c.oldValue };
      return { path: render(c.path), before: c.oldValue, after: c.value };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function renderPath(kind: string, path: (string | number)[], before: object, after: object): string {
  let out = '';
  let i = 0;
  const workload = kind in POD_SPEC_PATH;
  if (workload && path[0] === 'podSpec') {
    out = POD_SPEC_PATH[kind as Workload['kind']].join('.');
    i = 1;
    // A container is addressed as Kubernetes does: by its list and its index there.
    if (path[1] === 'containers' && typeof path[2] === 'string') {
      const name = path[2].slice(1, -1);
      const find = (o: object) => (o as Workload).podSpec?.containers?.find((c) => c.name === name);
      const c = find(after) ?? find(before);
      out += c ? `.${c.type}[${c.index}]` : `.containers[${name}]`;
      i = 3;
    }
  }
  for (; i < path.length; i++) {
    const part = path[i]!;
    if (typeof part === 'number') out += `[${part}]`;
    else if (part.startsWith('[') && part.endsWith(']')) out += `[name=${part.slice(1, -1)}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}
