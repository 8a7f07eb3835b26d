import { generateCluster } from '@kubeward/synthetic';
import { contentDigest, contentHash, SnapshotBuilder, stampsOf, validateSnapshot, withStamps } from '../src';

const opts = {
  snapshotId: 'snap-builder-1',
  collectedAt: '2026-11-01T00:00:00Z',
  agentVersion: 'test',
  source: 'cluster' as const,
  serverVersion: { gitVersion: 'v1.34.2-eks-113cf36', major: '1', minor: '34' },
  endpoint: 'https://k8s.example:6443',
};

/** A synthetic cluster as the API lists it: controllers before what they control, Pods last. */
function fill(builder: SnapshotBuilder) {
  const objects = generateCluster({ workloads: 60, seed: 3, rbacObjects: 40 });
  const sts = objects.find((o) => o.kind === 'StatefulSet') as { metadata: { name: string; namespace: string } };
  const pod = (name: string, owner?: { kind: string; name: string }) => ({
    kind: 'Pod',
    metadata: {
      name,
      namespace: sts.metadata.namespace,
      ...(owner ? { ownerReferences: [{ ...owner, controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27', env: [{ name: 'PASSWORD', value: 'hunter2' }] }] },
  });
  for (const o of objects) builder.add(o);
  // Owned by a workload the builder has: dropped. Bare, or owned by one it never saw: kept.
  builder.add(pod(`${sts.metadata.name}-0`, { kind: 'StatefulSet', name: sts.metadata.name }));
  builder.add(pod('bare'));
  builder.add(pod('orphan-xyz', { kind: 'ReplicaSet', name: 'not-listed' }));
  return builder;
}

describe('snapshot builder', () => {
  it('serialises, compact or not, exactly the snapshot build() gives, with its content hash', () => {
    const objects = fill(new SnapshotBuilder());
    const compact = fill(new SnapshotBuilder({}, { compact: true }));
    const built = objects.build(opts);
    expect(validateSnapshot(built).ok).toBe(true);
    expect(compact.build(opts)).toEqual(built);

    for (const builder of [objects, compact]) {
      const out = builder.serialise(opts);
      const json = [...out.pieces()].join('');
      expect(JSON.parse(json)).toEqual(built);
      expect(out.bytes).toBe(Buffer.byteLength(json));
      expect([...out.pieces()].join('')).toBe(json);
      expect(out.contentHash).toBe(contentHash(built));
      expect(out.workloads).toBe(built.workloads.length);
      // The agent's text is the form the API stores, and its content is found without parsing.
      expect(json).toBe(withStamps(built, contentDigest(built).text));
      expect(stampsOf(Buffer.from(json))).toEqual({
        snapshotId: opts.snapshotId,
        collectedAt: opts.collectedAt,
        contentHash: out.contentHash,
      });
    }
    // Any other form is not recognised (and then parsed in full).
    expect(stampsOf(Buffer.from(JSON.stringify(built)))).toBeUndefined();
    expect(stampsOf(Buffer.from('{"snapshotId":"x\\"y","collectedAt":"z",}'))).toBeUndefined();
    const names = built.workloads.map((w) => w.name);
    expect(names).toContain('bare');
    expect(names).toContain('orphan-xyz');
    expect(names.filter((n) => /-0$/.test(n) && built.workloads.find((w) => w.name === n)?.kind === 'Pod')).toEqual([]);
    expect(JSON.stringify(built)).not.toContain('hunter2');
  });

  it('rolls back what a restarted list added', () => {
    const builder = fill(new SnapshotBuilder({}, { compact: true }));
    const before = builder.serialise(opts);
    const mark = builder.mark();
    for (const o of generateCluster({ workloads: 5, seed: 9 })) builder.add(o);
    expect(builder.serialise(opts).contentHash).not.toBe(before.contentHash);
    builder.rollback(mark);
    const after = builder.serialise(opts);
    expect(after.contentHash).toBe(before.contentHash);
    expect([...after.pieces()].join('')).toBe([...before.pieces()].join(''));
  });
});
