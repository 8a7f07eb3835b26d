import { NormaliseError } from './normalise';
import {
  type ApiServerSource,
  type BuildOptions,
  byEntryKey,
  entryKey,
  normaliseObject,
  SECTION_NAMES,
  type SectionName,
  type Serialised,
  serialiseSnapshot,
  snapshotHead,
  type SnapshotHead,
} from './build';
import { canonicalJson } from './hash';
import type { SecretDetection } from './secrets';
import type { Snapshot } from './schema';

/** Per section, each object's entry key → its canonical JSON: what deltas are computed between. */
export type SectionIndex = Record<SectionName, Map<string, string>>;

interface Held {
  kind: string;
  /** Absent for an object no section holds (counted, as a list counts it, and nothing more). */
  /**
   * `text` is null while the object's controller is present: the snapshot leaves it out (its
   * controller stands for it), and Pods are most of a cluster's objects and of its memory.
   */
  entry?: { section: SectionName; key: string; text: string | null };
  controllerKey?: string;
  ownerKey?: string;
  apiServer?: ApiServerSource;
}

type Raw = { metadata?: { namespace?: unknown; name?: unknown } } | null | undefined;

/** An object's identity in the cluster: kind, namespace and name (what a watch event names). */
export function clusterKey(kind: string, raw: unknown): string | undefined {
  const meta = (raw as Raw)?.metadata;
  if (!meta || typeof meta.name !== 'string' || !meta.name) return undefined;
  return `${kind}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`;
}

/** An object the state knows of but whose normal form it must be given again (see `wanted`). */
export interface WantedObject {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The cluster as the agent last saw it, kept up to date object by object (a watch event, a
 * relisted kind) rather than built once: each object in its normal form as canonical JSON,
 * keyed by its identity. What a controller owns is known (it counts) but its form is not kept
 * while the controller is there to stand for it; should the controller go first (a Deployment
 * deleted before its Pods), those objects are `wanted` and the caller reads them again. With
 * nothing wanted, a snapshot of this state equals one built from listing the cluster now.
 */
export class SnapshotState {
  private readonly objects = new Map<string, Held>();
  /** Controllers present, with how many objects carry each key (a CronJob and a Job may not collide, but count anyway). */
  private readonly controllers = new Map<string, number>();
  /** Per controller key, the objects that name it as their owner. */
  private readonly owned = new Map<string, Set<string>>();
  /** Objects whose controller went while their form was not kept. */
  private readonly missing = new Set<string>();
  private readonly counts: Record<string, number> = {};
  readonly skipped: NormaliseError[] = [];

  constructor(private readonly detection: SecretDetection = {}) {}

  get size(): number {
    return this.objects.size;
  }

  /**
   * Adds or replaces one raw object of `kind`; `apiVersion` is the list's or the watch's. Says
   * whether the snapshot may have changed. A malformed object is dropped (its old form with it)
   * and reported in `skipped`: the API never sees half an object.
   */
  upsert(raw: unknown, kind: string, apiVersion?: string): boolean {
    const key = clusterKey(kind, raw);
    let normalised;
    try {
      normalised = normaliseObject(raw, kind, apiVersion, this.detection);
    } catch (err) {
      if (!(err instanceof NormaliseError)) throw err;
      this.skipped.push(err);
      if (this.skipped.length > 100) this.skipped.shift();
      return key ? this.delete(key) : false;
    }
    if (!key) return false;
    if (!normalised) {
      // A kind no section holds (a policy engine of another group): counted, as a list counts it.
      if (!this.objects.has(key)) this.set(key, { kind });
      return false;
    }
    const before = this.objects.get(key);
    const standsIn = !!normalised.ownerKey && this.controllers.has(normalised.ownerKey);
    const text = standsIn ? null : canonicalJson(normalised.value);
    // An owned object changing leaves the snapshot as it was; only its arrival changes a count.
    if (before?.entry && before.entry.text === text && (text !== null || before.ownerKey === normalised.ownerKey))
      return false;
    this.set(key, {
      kind,
      entry: { section: normalised.section, key: entryKey(normalised.section, normalised.value), text },
      ...(normalised.controllerKey ? { controllerKey: normalised.controllerKey } : {}),
      ...(normalised.ownerKey ? { ownerKey: normalised.ownerKey } : {}),
      ...(normalised.apiServer ? { apiServer: normalised.apiServer } : {}),
    });
    return true;
  }

  /** Objects to read again and `upsert` (or `remove`, when gone) before the next snapshot. */
  wanted(): WantedObject[] {
    return [...this.missing].map((key) => {
      const [kind, namespace, ...name] = key.split('/');
      return { kind: kind!, namespace: namespace!, name: name.join('/') };
    });
  }

  /** Removes the object a DELETED event names; says whether it was held. */
  remove(raw: unknown, kind: string): boolean {
    const key = clusterKey(kind, raw);
    return key ? this.delete(key) : false;
  }

  /** Removes every object of `kind` not in `keep` (after relisting that kind); returns how many. */
  sweep(kind: string, keep: ReadonlySet<string>): number {
    let removed = 0;
    for (const [key, held] of this.objects) {
      if (held.kind === kind && !keep.has(key) && this.delete(key)) removed++;
    }
    return removed;
  }

  /** Each section's entries as the snapshot holds them (what a controller owns left out). */
  index(): SectionIndex {
    const index = Object.fromEntries(SECTION_NAMES.map((s) => [s, new Map<string, string>()])) as SectionIndex;
    for (const held of this.objects.values()) {
      if (!held.entry?.text || (held.ownerKey && this.controllers.has(held.ownerKey))) continue;
      index[held.entry.section].set(held.entry.key, held.entry.text);
    }
    return index;
  }

  /** The head a snapshot of this state has: counts per kind, and the API server's flags if seen. */
  head(options: BuildOptions): SnapshotHead & Pick<Snapshot, 'snapshotId' | 'collectedAt'> {
    return snapshotHead(options, this.counts, this.apiServer());
  }

  serialise(options: BuildOptions, index = this.index()): Serialised {
    return serialiseSnapshot(this.head(options), sortedSections(index));
  }

  private apiServer(): ApiServerSource | undefined {
    // Deterministic whichever event came last: the first by name.
    let found: { key: string; source: ApiServerSource } | undefined;
    for (const [key, held] of this.objects) {
      if (held.apiServer && (!found || key < found.key)) found = { key, source: held.apiServer };
    }
    return found?.source;
  }

  private set(key: string, held: Held): void {
    const before = this.objects.get(key);
    if (before) this.forget(key, before);
    this.objects.set(key, held);
    this.missing.delete(key);
    this.counts[held.kind] = (this.counts[held.kind] ?? 0) + 1;
    if (held.ownerKey) {
      const siblings = this.owned.get(held.ownerKey) ?? new Set<string>();
      siblings.add(key);
      this.owned.set(held.ownerKey, siblings);
    }
    if (held.controllerKey) {
      const n = this.controllers.get(held.controllerKey) ?? 0;
      this.controllers.set(held.controllerKey, n + 1);
      // A controller arriving after what it owns (or back after an update) stands for it again.
      if (n === 0) {
        for (const child of this.owned.get(held.controllerKey) ?? []) {
          const entry = this.objects.get(child)?.entry;
          if (entry) entry.text = null;
          this.missing.delete(child);
        }
      }
    }
  }

  private delete(key: string): boolean {
    const held = this.objects.get(key);
    if (!held) return false;
    this.objects.delete(key);
    this.missing.delete(key);
    this.forget(key, held);
    return true;
  }

  private forget(key: string, held: Held): void {
    this.counts[held.kind] = (this.counts[held.kind] ?? 1) - 1;
    if (held.ownerKey) {
      const siblings = this.owned.get(held.ownerKey);
      siblings?.delete(key);
      if (siblings?.size === 0) this.owned.delete(held.ownerKey);
    }
    if (held.controllerKey) {
      const n = (this.controllers.get(held.controllerKey) ?? 1) - 1;
      if (n > 0) this.controllers.set(held.controllerKey, n);
      else {
        this.controllers.delete(held.controllerKey);
        // What it stood for must now be shown in its own right: wanted, unless its form was kept.
        for (const child of this.owned.get(held.controllerKey) ?? []) {
          if (this.objects.get(child)?.entry?.text === null) this.missing.add(child);
        }
      }
    }
  }
}

/** Each section's texts in snapshot order. */
export function sortedSections(index: SectionIndex): Record<SectionName, string[]> {
  return Object.fromEntries(
    SECTION_NAMES.map((s) => [s, [...index[s].keys()].sort(byEntryKey).map((k) => index[s].get(k)!)]),
  ) as Record<SectionName, string[]>;
}
