import { NormaliseError, dropControlled, isWorkloadKind, normaliseWorkload } from './normalise';
import { SCHEMA_VERSION, WORKLOAD_KINDS, type CollectionStatus, type Snapshot, type Workload } from './schema';

export interface BuildOptions {
  snapshotId: string;
  collectedAt: string;
  agentVersion: string;
  serverVersion?: Snapshot['cluster']['serverVersion'];
  /** Kinds that could not be collected, with why; every other known kind counts as collected. */
  notCollected?: Record<string, Extract<CollectionStatus, { collected: false }>>;
}

export interface BuildResult {
  snapshot: Snapshot;
  /** Objects that could not be normalised: reported, skipped, never fatal. */
  skipped: NormaliseError[];
}

/**
 * Builds a snapshot from raw Kubernetes objects (each with its `kind`), as read from manifests or
 * from the API. Used by the agent, the CLI and the tests, so all see the same normal form.
 */
export function buildSnapshot(objects: Iterable<unknown>, options: BuildOptions): BuildResult {
  const workloads: Workload[] = [];
  const skipped: NormaliseError[] = [];
  for (const raw of objects) {
    const kind = (raw as { kind?: unknown } | null)?.kind;
    if (!isWorkloadKind(kind)) continue;
    try {
      workloads.push(normaliseWorkload(raw, kind));
    } catch (err) {
      if (err instanceof NormaliseError) skipped.push(err);
      else throw err;
    }
  }
  const counts: Record<string, number> = {};
  for (const w of workloads) counts[w.kind] = (counts[w.kind] ?? 0) + 1;
  return { snapshot: assembleSnapshot(dropControlled(workloads), counts, options), skipped };
}

/**
 * The snapshot from already-normalised workloads (controlled ones already dropped) and how many
 * objects of each kind were read. Every workload kind not in `notCollected` counts as collected.
 */
export function assembleSnapshot(
  workloads: Workload[],
  counts: Record<string, number>,
  options: BuildOptions,
): Snapshot {
  const collection: Record<string, CollectionStatus> = {};
  for (const kind of WORKLOAD_KINDS) collection[kind] = { collected: true, count: counts[kind] ?? 0 };
  for (const [kind, status] of Object.entries(options.notCollected ?? {})) collection[kind] = status;
  const sorted = [...workloads].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    schemaVersion: SCHEMA_VERSION,
    snapshotId: options.snapshotId,
    collectedAt: options.collectedAt,
    agent: { version: options.agentVersion },
    cluster: options.serverVersion ? { serverVersion: options.serverVersion } : {},
    collection,
    workloads: sorted,
  };
}

const key = (w: Workload) => `${w.namespace}/${w.kind}/${w.name}`;
