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
  normaliseNode,
  normalisePolicyEngine,
  normaliseRole,
  normaliseService,
  normaliseServiceAccount,
} from './normalise-cluster';
import { COLLECTED_KINDS, SECTION_KINDS } from './sections';
import type { SecretDetection } from './secrets';
import { SCHEMA_VERSION, type CollectionStatus, type Snapshot, type Workload } from './schema';

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

const workloadKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/**
 * Accumulates normalised objects into a snapshot. The agent adds API list items (whose kind it
 * passes), the CLI adds manifest documents (which carry theirs); both get the same normal form.
 * Objects whose controller was also added are represented by that controller (findings belong to
 * the owner); controllers added first let their Pods be dropped as they stream in.
 */
export class SnapshotBuilder {
  private readonly sections: Sections = {
    workloads: [],
    namespaces: [],
    serviceAccounts: [],
    roles: [],
    bindings: [],
    nodes: [],
    services: [],
    ingresses: [],
    networkPolicies: [],
    configMaps: [],
    admissionWebhooks: [],
    policyEngines: [],
  };
  private readonly present = new Set<string>();
  private readonly presentOrder: string[] = [];
  private readonly counts: Record<string, number> = {};
  private apiServer?: { flags: Record<string, string>; pod: { namespace: string; name: string } };
  readonly skipped: NormaliseError[] = [];

  constructor(private readonly detection: SecretDetection = {}) {}

  /** Adds one raw object; returns false when it was malformed and skipped (see `skipped`). */
  add(raw: unknown, kind = (raw as { kind?: unknown } | null)?.kind): boolean {
    if (typeof kind !== 'string') return true;
    try {
      this.route(raw, kind);
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

  private route(raw: unknown, kind: string): void {
    const s = this.sections;
    if (isWorkloadKind(kind)) {
      const flags = kind === 'Pod' ? apiServerFlags({ ...(raw as object), kind: 'Pod' }) : null;
      const w = normaliseWorkload(raw, kind, this.detection);
      if (flags) this.apiServer = { flags, pod: { namespace: w.namespace, name: w.name } };
      const key = workloadKey(kind, w.namespace, w.name);
      if (!this.present.has(key)) this.presentOrder.push(key);
      this.present.add(key);
      if (w.owner && this.present.has(workloadKey(w.owner.kind, w.namespace, w.owner.name))) return;
      s.workloads.push(w);
      return;
    }
    switch (kind) {
      case 'Namespace':
        return void s.namespaces.push(normaliseNamespace(raw));
      case 'ServiceAccount':
        return void s.serviceAccounts.push(normaliseServiceAccount(raw));
      case 'Role':
      case 'ClusterRole':
        return void s.roles.push(normaliseRole(raw, kind));
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        return void s.bindings.push(normaliseBinding(raw, kind));
      case 'Node':
        return void s.nodes.push(normaliseNode(raw));
      case 'Service':
        return void s.services.push(normaliseService(raw));
      case 'Ingress':
        return void s.ingresses.push(normaliseIngress(raw));
      case 'NetworkPolicy':
        return void s.networkPolicies.push(normaliseNetworkPolicy(raw));
      case 'ConfigMap':
        return void s.configMaps.push(normaliseConfigMap(raw, this.detection));
      case 'ValidatingWebhookConfiguration':
      case 'MutatingWebhookConfiguration':
        return void s.admissionWebhooks.push(normaliseAdmissionWebhook(raw, kind));
      default: {
        const engine = normalisePolicyEngine({ ...(raw as object), kind });
        if (engine) s.policyEngines.push(engine);
      }
    }
  }

  /** A point to roll back to, e.g. when a list must restart from the top (410 Gone). */
  mark(): { lengths: Record<string, number>; counts: Record<string, number>; present: number; skipped: number } {
    return {
      lengths: Object.fromEntries(Object.entries(this.sections).map(([k, v]) => [k, (v as unknown[]).length])),
      counts: { ...this.counts },
      present: this.presentOrder.length,
      skipped: this.skipped.length,
    };
  }

  rollback(mark: ReturnType<SnapshotBuilder['mark']>): void {
    for (const [key, length] of Object.entries(mark.lengths))
      (this.sections[key as keyof Sections] as unknown[]).length = length;
    for (const key of Object.keys(this.counts)) delete this.counts[key];
    Object.assign(this.counts, mark.counts);
    for (const key of this.presentOrder.splice(mark.present)) this.present.delete(key);
    this.skipped.length = mark.skipped;
  }

  /** Whether a workload of this kind/namespace/name was added (for streaming ownership checks). */
  has(kind: string, namespace: string, name: string): boolean {
    return this.present.has(workloadKey(kind, namespace, name));
  }

  build(options: BuildOptions): Snapshot {
    const source = options.source ?? 'cluster';
    const workloads = this.sections.workloads.filter(
      (w) => !w.owner || !this.present.has(workloadKey(w.owner.kind, w.namespace, w.owner.name)),
    );
    const byKey =
      <T>(key: (x: T) => string) =>
      (a: T, b: T) =>
        key(a).localeCompare(key(b));
    const nsName = (x: { namespace?: string; name: string }) => `${x.namespace ?? ''}/${x.name}`;
    return {
      schemaVersion: SCHEMA_VERSION,
      snapshotId: options.snapshotId,
      collectedAt: options.collectedAt,
      agent: { version: options.agentVersion },
      source,
      cluster: {
        ...(options.serverVersion ? { serverVersion: options.serverVersion } : {}),
        ...(managedControlPlane(options.serverVersion?.gitVersion)
          ? { managed: managedControlPlane(options.serverVersion?.gitVersion) }
          : {}),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(this.apiServer ? { apiServer: { source: 'static-pod' as const, ...this.apiServer } } : {}),
      },
      collection: this.collection(source, options),
      workloads: workloads.sort(byKey((w: Workload) => `${w.namespace}/${w.kind}/${w.name}`)),
      namespaces: this.sections.namespaces.sort(byKey((n) => n.name)),
      serviceAccounts: this.sections.serviceAccounts.sort(byKey(nsName)),
      roles: this.sections.roles.sort(byKey((r) => `${r.kind}/${nsName(r)}`)),
      bindings: this.sections.bindings.sort(byKey((b) => `${b.kind}/${nsName(b)}`)),
      nodes: this.sections.nodes.sort(byKey((n) => n.name)),
      services: this.sections.services.sort(byKey(nsName)),
      ingresses: this.sections.ingresses.sort(byKey(nsName)),
      networkPolicies: this.sections.networkPolicies.sort(byKey(nsName)),
      configMaps: this.sections.configMaps.sort(byKey(nsName)),
      admissionWebhooks: this.sections.admissionWebhooks.sort(byKey((w) => `${w.kind}/${w.name}`)),
      policyEngines: this.sections.policyEngines.sort(byKey((p) => `${p.engine}/${p.kind}/${nsName(p)}`)),
    };
  }

  /**
   * From a live cluster every kind the agent did not report as failed was collected. From
   * manifests only what the files contain is known: workload kinds count as collected (absent =
   * none), any other kind only when at least one object of it is present, and cluster facts (server
   * version, API server flags) only when the files carry them.
   */
  private collection(source: Snapshot['source'], options: BuildOptions): Record<string, CollectionStatus> {
    const collection: Record<string, CollectionStatus> = {};
    const workloadKinds = new Set<string>(SECTION_KINDS.workloads);
    for (const kind of COLLECTED_KINDS) {
      const count = this.counts[kind] ?? 0;
      let known: boolean;
      if (kind === 'ServerVersion') known = !!options.serverVersion;
      else if (kind === 'ApiServerFlags') known = !!this.apiServer;
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
