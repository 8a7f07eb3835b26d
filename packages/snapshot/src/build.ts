import { createHash } from 'node:crypto';
import { canonicalJson } from './hash';
import { NormaliseError, isWorkloadKind, normaliseWorkload } from './normalise';
import {
  apiServerFlags,
  managedControlPlane,
  normaliseAdmissionWebhook,
  normaliseBinding,
  normaliseConfigMap,
  normaliseIngress,
  normaliseNamespace,
  normaliseNetworkPolicy,
  normaliseLimitRange,
  normaliseResourceQuota,
  normaliseNode,
  normalisePolicyEngine,
  normaliseRole,
  normaliseService,
  normaliseServiceAccount,
} from './normalise-cluster';
import { COLLECTED_KINDS, SECTION_KINDS } from './sections';
import type { SecretDetection } from './secrets';
import { SCHEMA_VERSION } from './kinds';
import type { CollectionStatus, Snapshot } from './schema';

type NotCollected = Extract<CollectionStatus, { collected: false }>;

export interface BuildOptions {
  snapshotId: string;
  collectedAt: string;
  agentVersion: string;
  source?: Snapshot['source'];
  serverVersion?: NonNullable<Snapshot['cluster']['serverVersion']>;
  endpoint?: string;
  /** Kinds that could not be collected, with why. */
  notCollected?: Record<string, NotCollected>;
}

type Sections = Omit<
  Snapshot,
  'schemaVersion' | 'snapshotId' | 'collectedAt' | 'agent' | 'source' | 'cluster' | 'collection'
>;
export type SectionName = keyof Sections;
/** What a snapshot says besides its sections and stamps. */
export type SnapshotHead = Omit<Snapshot, SectionName | 'snapshotId' | 'collectedAt'>;

const workloadKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
const nsName = (x: { namespace?: string; name: string }) => `${x.namespace ?? ''}/${x.name}`;

/** The order of each section in a snapshot: deterministic, whatever order the API listed in. */
const SORT_KEY: { [K in SectionName]: (x: Sections[K][number]) => string } = {
  workloads: (w) => `${w.namespace}/${w.kind}/${w.name}`,
  namespaces: (n) => n.name,
  serviceAccounts: nsName,
  roles: (r) => `${r.kind}/${nsName(r)}`,
  bindings: (b) => `${b.kind}/${nsName(b)}`,
  nodes: (n) => n.name,
  services: nsName,
  ingresses: nsName,
  networkPolicies: nsName,
  limitRanges: nsName,
  resourceQuotas: nsName,
  configMaps: nsName,
  admissionWebhooks: (w) => `${w.kind}/${w.name}`,
  policyEngines: (p) => `${p.engine}/${p.kind}/${nsName(p)}`,
};
export const SECTION_NAMES = Object.keys(SORT_KEY) as SectionName[];

/** An object's identity within its section (unique in a valid snapshot) and its sort key. */
export const entryKey = (section: SectionName, value: unknown): string =>
  (SORT_KEY[section] as (x: unknown) => string)(value);

/** The order of a section: the same wherever a snapshot is put together (agent, CLI, API). */
export const byEntryKey = (a: string, b: string): number => a.localeCompare(b);

/** One raw object in its normal form, and what it says about ownership and the API server. */
export interface NormalisedObject {
  section: SectionName;
  value: Sections[SectionName][number];
  /** For a controller: its key, so that what it owns is represented by it. */
  controllerKey?: string;
  /** For a workload with a controller: the controller's key. */
  ownerKey?: string;
  /** For the kube-apiserver's static Pod: its flags. */
  apiServer?: ApiServerSource;
}

export type ApiServerSource = { flags: Record<string, string>; pod: { namespace: string; name: string } };

/**
 * A raw object of `kind` in its normal form; null for a kind no section holds. Throws
 * `NormaliseError` for a malformed object.
 */
export function normaliseObject(
  raw: unknown,
  kind: string,
  apiVersion: string | undefined,
  detection: SecretDetection,
): NormalisedObject | null {
  if (isWorkloadKind(kind)) {
    const flags = kind === 'Pod' ? apiServerFlags({ ...(raw as object), kind: 'Pod' }) : null;
    const w = normaliseWorkload(raw, kind, detection);
    return {
      section: 'workloads',
      value: w,
      ...(CONTROLLER_KINDS.has(kind) ? { controllerKey: workloadKey(kind, w.namespace, w.name) } : {}),
      ...(w.owner ? { ownerKey: workloadKey(w.owner.kind, w.namespace, w.owner.name) } : {}),
      ...(flags ? { apiServer: { flags, pod: { namespace: w.namespace, name: w.name } } } : {}),
    };
  }
  const of = (section: SectionName, value: Sections[SectionName][number]): NormalisedObject => ({ section, value });
  switch (kind) {
    case 'Namespace':
      return of('namespaces', normaliseNamespace(raw));
    case 'ServiceAccount':
      return of('serviceAccounts', normaliseServiceAccount(raw));
    case 'Role':
    case 'ClusterRole':
      return of('roles', normaliseRole(raw, kind));
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return of('bindings', normaliseBinding(raw, kind));
    case 'Node':
      return of('nodes', normaliseNode(raw));
    case 'Service':
      return of('services', normaliseService(raw));
    case 'Ingress':
      return of('ingresses', normaliseIngress(raw));
    case 'NetworkPolicy':
      return of('networkPolicies', normaliseNetworkPolicy(raw));
    case 'LimitRange':
      return of('limitRanges', normaliseLimitRange(raw));
    case 'ResourceQuota':
      return of('resourceQuotas', normaliseResourceQuota(raw));
    case 'ConfigMap':
      return of('configMaps', normaliseConfigMap(raw, detection));
    case 'ValidatingWebhookConfiguration':
    case 'MutatingWebhookConfiguration':
      return of('admissionWebhooks', normaliseAdmissionWebhook(raw, kind));
    default: {
      const engine = normalisePolicyEngine({ apiVersion, ...(raw as object), kind });
      return engine ? of('policyEngines', engine) : null;
    }
  }
}

interface Entry {
  sortKey: string;
  /** The normalised object, or its canonical JSON when the builder is compact. */
  value: object | string;
  /** For a workload with a controller: the controller's key, to drop it if that was added too. */
  ownerKey?: string;
}

/** Kinds that own workloads; only their keys are remembered (a Pod owns nothing). */
const CONTROLLER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

export interface BuilderOptions {
  /**
   * Keep each normalised object as canonical JSON text rather than as objects, and read the
   * result with `serialise()`: about a fifth of the memory, which is what an agent in a large
   * cluster has to spare. The CLI keeps objects and reads them with `build()`.
   */
  compact?: boolean;
}

export interface Serialised {
  /** `contentHash()` of the snapshot, computed without materialising it. */
  contentHash: string;
  workloads: number;
  /** Length of the JSON text in bytes. */
  bytes: number;
  /** The JSON text (keys in canonical order), piece by piece; may be iterated more than once. */
  pieces(): Generator<string>;
}

/**
 * Accumulates normalised objects into a snapshot. The agent adds API list items (whose kind it
 * passes), the CLI adds manifest documents (which carry theirs); both get the same normal form.
 * Objects whose controller was also added are represented by that controller (findings belong to
 * the owner); controllers added first let their Pods be dropped as they stream in.
 */
export class SnapshotBuilder {
  private readonly sections = Object.fromEntries(SECTION_NAMES.map((k) => [k, [] as Entry[]])) as Record<
    SectionName,
    Entry[]
  >;
  private readonly present = new Set<string>();
  private readonly presentOrder: string[] = [];
  private readonly counts: Record<string, number> = {};
  private apiServer?: ApiServerSource;
  readonly skipped: NormaliseError[] = [];

  constructor(
    private readonly detection: SecretDetection = {},
    private readonly options: BuilderOptions = {},
  ) {}

  /** Adds one raw object; returns false when it was malformed and skipped (see `skipped`). */
  /**
   * `apiVersion` is the list's, for items that do not carry their own (the API server leaves it
   * out of list items): custom resources are told apart by their group.
   */
  add(raw: unknown, kind = (raw as { kind?: unknown } | null)?.kind, apiVersion?: string): boolean {
    if (typeof kind !== 'string') return true;
    try {
      this.route(raw, kind, apiVersion);
      this.counts[kind] = (this.counts[kind] ?? 0) + 1;
      return true;
    } catch (err) {
      if (!(err instanceof NormaliseError)) throw err;
      this.skipped.push(err);
      return false;
    }
  }

  count(kind: string): number {
    return this.counts[kind] ?? 0;
  }

  private push(section: SectionName, value: Sections[SectionName][number], ownerKey?: string): void {
    this.sections[section].push({
      sortKey: entryKey(section, value),
      value: this.options.compact ? canonicalJson(value) : value,
      ...(ownerKey ? { ownerKey } : {}),
    });
  }

  private route(raw: unknown, kind: string, apiVersion?: string): void {
    const o = normaliseObject(raw, kind, apiVersion, this.detection);
    if (!o) return;
    if (o.apiServer) this.apiServer = o.apiServer;
    if (o.controllerKey) {
      if (!this.present.has(o.controllerKey)) this.presentOrder.push(o.controllerKey);
      this.present.add(o.controllerKey);
    }
    // Controllers listed first let what they own be dropped as it streams in.
    if (o.ownerKey && this.present.has(o.ownerKey)) return;
    this.push(o.section, o.value, o.ownerKey);
  }

  /** A point to roll back to, e.g. when a list must restart from the top (410 Gone). */
  mark(): { lengths: Record<string, number>; counts: Record<string, number>; present: number; skipped: number } {
    return {
      lengths: Object.fromEntries(SECTION_NAMES.map((k) => [k, this.sections[k].length])),
      counts: { ...this.counts },
      present: this.presentOrder.length,
      skipped: this.skipped.length,
    };
  }

  rollback(mark: ReturnType<SnapshotBuilder['mark']>): void {
    for (const [key, length] of Object.entries(mark.lengths)) this.sections[key as SectionName].length = length;
    for (const key of Object.keys(this.counts)) delete this.counts[key];
    Object.assign(this.counts, mark.counts);
    for (const key of this.presentOrder.splice(mark.present)) this.present.delete(key);
    this.skipped.length = mark.skipped;
  }

  /** Whether a controller of this kind/namespace/name was added (for streaming ownership checks). */
  has(kind: string, namespace: string, name: string): boolean {
    return this.present.has(workloadKey(kind, namespace, name));
  }

  /** A section's entries in snapshot order, without workloads whose controller is present. */
  private entries(section: SectionName): Entry[] {
    const list =
      section === 'workloads'
        ? this.sections.workloads.filter((e) => !e.ownerKey || !this.present.has(e.ownerKey))
        : [...this.sections[section]];
    return list.sort((a, b) => byEntryKey(a.sortKey, b.sortKey));
  }

  private head(options: BuildOptions): SnapshotHead & Pick<Snapshot, 'snapshotId' | 'collectedAt'> {
    return snapshotHead(options, this.counts, this.apiServer);
  }

  build(options: BuildOptions): Snapshot {
    const sections = Object.fromEntries(
      SECTION_NAMES.map((k) => [
        k,
        this.entries(k).map((e) => (typeof e.value === 'string' ? JSON.parse(e.value) : e.value)),
      ]),
    ) as Sections;
    return { ...this.head(options), ...sections };
  }

  /**
   * The snapshot as JSON text, in pieces, and its content hash, computed from the stored
   * entries so that neither the snapshot's objects nor its whole text need exist at once (the
   * agent gzips the pieces as they come). `snapshotId` and `collectedAt` come first, the rest in
   * canonical (sorted) order, so the text after them is exactly what `contentHash` hashes.
   */
  serialise(options: BuildOptions): Serialised {
    const text = (e: Entry) => (typeof e.value === 'string' ? e.value : canonicalJson(e.value));
    const sections = Object.fromEntries(SECTION_NAMES.map((k) => [k, this.entries(k).map(text)]));
    return serialiseSnapshot(this.head(options), sections as Record<SectionName, string[]>);
  }
}

/**
 * A snapshot as JSON text, in pieces, and its content hash, from its head and each section's
 * objects as canonical JSON in snapshot order: neither the snapshot's objects nor its whole text
 * need exist at once (the agent gzips the pieces as they come). `snapshotId` and `collectedAt`
 * come first, the rest in canonical (sorted) order, so the text after them is exactly what
 * `contentHash` hashes, and what `withStamps` writes (the API finds the content's bytes without
 * parsing them, see `stampsOf`).
 */
export function serialiseSnapshot(
  head: SnapshotHead & Pick<Snapshot, 'snapshotId' | 'collectedAt'>,
  sections: Record<SectionName, readonly string[]>,
): Serialised {
  const top = head as Record<string, unknown>;
  const stamps = ['snapshotId', 'collectedAt'];
  const keys = [...stamps, ...[...Object.keys(top), ...SECTION_NAMES].filter((k) => !stamps.includes(k)).sort()];
  /** Each top-level member as pieces; `content` says whether the hash covers it. */
  function* members(): Generator<{ piece: string; content: boolean }> {
    let first = true;
    for (const key of keys) {
      const content = key !== 'snapshotId' && key !== 'collectedAt';
      const name = `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      if (key in top) {
        yield { piece: name + canonicalJson(top[key]), content };
        continue;
      }
      yield { piece: `${name}[`, content };
      const list = sections[key as SectionName];
      for (let i = 0; i < list.length; i++) yield { piece: (i > 0 ? ',' : '') + list[i]!, content };
      yield { piece: ']', content };
    }
  }
  const hash = createHash('sha256').update('{');
  let bytes = 2;
  let leadingComma = true;
  for (const { piece, content } of members()) {
    bytes += Buffer.byteLength(piece);
    if (!content) continue;
    // The first member hashed must not start with the comma that separated it from a skipped one.
    hash.update(leadingComma && piece.startsWith(',') ? piece.slice(1) : piece);
    leadingComma = false;
  }
  const contentHash = hash.update('}').digest('hex');
  return {
    contentHash,
    workloads: sections.workloads.length,
    bytes,
    *pieces() {
      yield '{';
      for (const { piece } of members()) yield piece;
      yield '}';
    },
  };
}

/** Everything but the sections: stamps, agent, cluster facts and what was collected. */
export function snapshotHead(
  options: BuildOptions,
  counts: Record<string, number>,
  apiServer: ApiServerSource | undefined,
): SnapshotHead & Pick<Snapshot, 'snapshotId' | 'collectedAt'> {
  const source = options.source ?? 'cluster';
  const managed = managedControlPlane(options.serverVersion?.gitVersion);
  return {
    schemaVersion: SCHEMA_VERSION,
    snapshotId: options.snapshotId,
    collectedAt: options.collectedAt,
    agent: { version: options.agentVersion },
    source,
    cluster: {
      ...(options.serverVersion ? { serverVersion: options.serverVersion } : {}),
      ...(managed ? { managed } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(apiServer ? { apiServer: { source: 'static-pod' as const, ...apiServer } } : {}),
    },
    collection: collectionOf(source, options, counts, !!apiServer),
  };
}

/**
 * From a live cluster every kind the agent did not report as failed was collected. From
 * manifests only what the files contain is known: workload kinds count as collected (absent =
 * none), any other kind only when at least one object of it is present, and cluster facts (server
 * version, API server flags) only when the files carry them.
 */
function collectionOf(
  source: Snapshot['source'],
  options: BuildOptions,
  counts: Record<string, number>,
  hasApiServer: boolean,
): Record<string, CollectionStatus> {
  const collection: Record<string, CollectionStatus> = {};
  const workloadKinds = new Set<string>(SECTION_KINDS.workloads);
  for (const kind of COLLECTED_KINDS) {
    const count = counts[kind] ?? 0;
    let known: boolean;
    if (kind === 'ServerVersion') known = !!options.serverVersion;
    else if (kind === 'ApiServerFlags') known = hasApiServer;
    else known = source === 'cluster' || workloadKinds.has(kind) || count > 0;
    collection[kind] = known
      ? { collected: true, count: kind === 'ApiServerFlags' || kind === 'ServerVersion' ? 1 : count }
      : {
          collected: false,
          reason: 'not-found',
          message: source === 'manifests' ? 'not in the scanned files' : 'not reported',
        };
  }
  for (const [kind, status] of Object.entries(options.notCollected ?? {})) collection[kind] = status;
  return collection;
}

export interface BuildResult {
  snapshot: Snapshot;
  /** Objects that could not be normalised: reported, skipped, never fatal. */
  skipped: NormaliseError[];
}

/** A snapshot from raw Kubernetes objects that carry their `kind` (manifests, fixtures). */
export function buildSnapshot(
  objects: Iterable<unknown>,
  options: BuildOptions,
  detection: SecretDetection = {},
): BuildResult {
  const builder = new SnapshotBuilder(detection);
  // Controllers first, so that what they control is recognised however the files are ordered.
  const all = [...objects];
  const rank = (o: unknown) => {
    const kind = (o as { kind?: unknown } | null)?.kind;
    return kind === 'Pod' ? 2 : kind === 'ReplicaSet' || kind === 'Job' ? 1 : 0;
  };
  for (const raw of all.sort((a, b) => rank(a) - rank(b))) builder.add(raw);
  return { snapshot: builder.build(options), skipped: builder.skipped };
}
