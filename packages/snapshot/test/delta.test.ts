import { generateCluster } from '@kubeward/synthetic';
import fc from 'fast-check';
import {
  applyDelta,
  clusterKey,
  contentHash,
  diffSections,
  serialiseDelta,
  snapshotDelta,
  SnapshotBuilder,
  SnapshotState,
  validateSnapshot,
  type Snapshot,
  type SnapshotDelta,
} from '../src';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stamps = (n: number) => ({
  snapshotId: `snap-delta-${n}`,
  collectedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, n)).toISOString(),
  agentVersion: 'test',
  source: 'cluster' as const,
  serverVersion: { gitVersion: 'v1.35.1', major: '1', minor: '35' },
});

const podOf = (owner: Obj | undefined, name: string, namespace: string): Obj => ({
  kind: 'Pod',
  metadata: {
    name,
    namespace,
    ...(owner ? { ownerReferences: [{ kind: owner.kind, name: owner.metadata.name, controller: true }] } : {}),
  },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
});

/** A synthetic cluster with the Pods its StatefulSets and DaemonSets run, and a bare Pod. */
function cluster(): Obj[] {
  const objects = generateCluster({ workloads: 24, seed: 7, rbacObjects: 16 }) as Obj[];
  const pods = objects
    .filter((o) => o.kind === 'StatefulSet' || o.kind === 'DaemonSet')
    .map((o) => podOf(o, `${o.metadata.name}-0`, o.metadata.namespace));
  return [...objects, ...pods, podOf(undefined, 'bare', objects.find((o) => o.kind === 'Namespace')!.metadata.name)];
}

/** What the agent does for `wanted`: reads each object again (here, from the cluster's objects). */
function supply(state: SnapshotState, objects: Obj[]): void {
  for (const w of state.wanted()) {
    const o = objects.find(
      (x) => x.kind === w.kind && (x.metadata.namespace ?? '') === w.namespace && x.metadata.name === w.name,
    );
    if (o) state.upsert(o, o.kind);
    else state.remove({ metadata: { namespace: w.namespace, name: w.name } }, w.kind);
  }
}

const fullSnapshot = (state: SnapshotState, n: number): Snapshot =>
  JSON.parse([...state.serialise(stamps(n)).pieces()].join('')) as Snapshot;

/** One change an event could bring: an object edited, deleted, or a new one created. */
type Change = { op: 'edit' | 'delete' | 'create'; pick: number; image: number };
const change = fc.record({
  op: fc.constantFrom<Change['op']>('edit', 'delete', 'create'),
  pick: fc.nat(),
  image: fc.nat({ max: 5 }),
});

function apply(objects: Obj[], c: Change, step: number): { upsert?: Obj; remove?: Obj } {
  if (objects.length === 0) return {};
  const target = objects[c.pick % objects.length]!;
  if (c.op === 'delete') {
    objects.splice(objects.indexOf(target), 1);
    return { remove: target };
  }
  const next = structuredClone(target);
  if (c.op === 'create') next.metadata.name = `${target.metadata.name}-new-${step}`;
  next.metadata.labels = { ...next.metadata.labels, step: String(step) };
  const spec = next.spec?.template?.spec ?? next.spec?.jobTemplate?.spec?.template?.spec ?? next.spec;
  if (spec?.containers?.[0]) spec.containers[0].image = `nginx:1.${c.image}`;
  if (c.op === 'create') objects.push(next);
  else objects[objects.indexOf(target)] = next;
  return { upsert: next };
}

describe('snapshot state and deltas', () => {
  it('a state filled object by object gives the snapshot a full list builds', () => {
    const objects = cluster();
    const builder = new SnapshotBuilder({}, { compact: true });
    const state = new SnapshotState();
    // The builder as the agent lists (controllers first); the state in any order, as events come.
    for (const o of objects) builder.add(o);
    for (const o of [...objects].reverse()) state.upsert(o, o.kind);
    expect(state.serialise(stamps(1)).contentHash).toBe(builder.serialise(stamps(1)).contentHash);
    expect(validateSnapshot(fullSnapshot(state, 1)).ok).toBe(true);
  });

  it('any sequence of deltas applied to a base equals the full snapshot of the final state', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (pushes) => {
          const objects = cluster();
          const state = new SnapshotState();
          for (const o of objects) state.upsert(o, o.kind);
          let acked = state.index();
          let held = fullSnapshot(state, 0);
          let step = 0;
          for (const [n, batch] of pushes.entries()) {
            for (const c of batch) {
              const { upsert, remove } = apply(objects, c, ++step);
              if (upsert) state.upsert(upsert, upsert.kind);
              if (remove) state.remove(remove, remove.kind);
            }
            supply(state, objects);
            expect(state.wanted()).toEqual([]);
            const index = state.index();
            const head = state.head(stamps(n + 1));
            const { snapshotId, collectedAt, ...rest } = head;
            const text = serialiseDelta(
              { snapshotId, collectedAt, baseContentHash: contentHash(held) },
              rest,
              diffSections(acked, index),
            );
            const parsed = snapshotDelta.safeParse(JSON.parse(text));
            expect(parsed.success).toBe(true);
            const applied = applyDelta(held, parsed.data as SnapshotDelta);
            if (!applied.ok) throw new Error(applied.issue.message);
            const validated = validateSnapshot(applied.snapshot);
            if (!validated.ok) throw new Error(JSON.stringify(validated.issues));
            const expected = fullSnapshot(state, n + 1);
            expect(validated.snapshot).toEqual(expected);
            expect(contentHash(validated.snapshot)).toBe(state.serialise(stamps(n + 1), index).contentHash);
            acked = index;
            held = validated.snapshot;
          }
          // And the state itself equals a fresh list of the cluster as it now is.
          const relisted = new SnapshotState();
          for (const o of objects) relisted.upsert(o, o.kind);
          expect(relisted.serialise(stamps(99)).contentHash).toBe(state.serialise(stamps(99)).contentHash);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps what a controller owns, and shows it when the controller goes first', () => {
    const objects = cluster();
    const state = new SnapshotState();
    for (const o of objects) state.upsert(o, o.kind);
    const owner = objects.find((o) => o.kind === 'StatefulSet')!;
    const pod = `${owner.metadata.namespace}/Pod/${owner.metadata.name}-0`;
    const before = state.index();
    expect(before.workloads.has(pod)).toBe(false);
    expect(state.remove(owner, owner.kind)).toBe(true);
    // Its form was not kept while the StatefulSet stood for it: wanted, read again, then shown.
    expect(state.wanted()).toEqual([
      { kind: 'Pod', namespace: owner.metadata.namespace, name: `${owner.metadata.name}-0` },
    ]);
    supply(
      state,
      objects.filter((o) => o !== owner),
    );
    expect(state.wanted()).toEqual([]);
    const diff = diffSections(before, state.index());
    expect(diff.removed.workloads).toEqual([`${owner.metadata.namespace}/StatefulSet/${owner.metadata.name}`]);
    expect(diff.upserted.workloads?.map((t) => JSON.parse(t).name)).toEqual([`${owner.metadata.name}-0`]);
    expect(state.remove(owner, owner.kind)).toBe(false);
  });

  it('a relist sweeps away what is gone; an unchanged object is no change; a malformed one is dropped', () => {
    const objects = cluster();
    const state = new SnapshotState();
    for (const o of objects) state.upsert(o, o.kind);
    const service = objects.find((o) => o.kind === 'Service')!;
    expect(state.upsert(structuredClone(service), 'Service')).toBe(false);
    const keep = new Set(
      objects.filter((o) => o.kind === 'Service' && o !== service).map((o) => clusterKey('Service', o)!),
    );
    expect(state.sweep('Service', keep)).toBe(1);
    expect(state.head(stamps(1)).collection.Service).toEqual({ collected: true, count: keep.size });
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(state.upsert({ ...deployment, spec: { template: { spec: { containers: 'nope' } } } }, 'Deployment')).toBe(
      true,
    );
    expect(state.skipped.at(-1)?.message).toMatch(/containers/);
    expect([...state.index().workloads.keys()].some((k) => k.endsWith(`/${deployment.metadata.name}`))).toBe(false);
  });

  it('refuses a delta that does not fit its base, naming where', () => {
    const objects = cluster();
    const state = new SnapshotState();
    for (const o of objects) state.upsert(o, o.kind);
    const base = fullSnapshot(state, 0);
    const { snapshotId, collectedAt, ...head } = state.head(stamps(1));
    const delta: SnapshotDelta = {
      snapshotId,
      collectedAt,
      baseContentHash: contentHash(base),
      head,
      upserted: {},
      removed: { services: ['nowhere/nothing'] },
    };
    expect(applyDelta(base, delta)).toEqual({
      ok: false,
      issue: { path: 'removed.services[0]', message: 'nowhere/nothing is not in the base snapshot' },
    });
    const service = base.services[0]!;
    expect(applyDelta(base, { ...delta, removed: {}, upserted: { services: [service, service] } })).toMatchObject({
      ok: false,
      issue: { path: 'upserted.services[1]' },
    });
    expect(snapshotDelta.safeParse({ ...delta, removed: { secrets: [] } }).success).toBe(false);
  });
});
