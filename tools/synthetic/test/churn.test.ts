import { churn, generateCluster } from '../src/index';

const workloadNames = (objects: Record<string, unknown>[]) =>
  objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'].includes(o.kind as string))
    .map((o) => (o.metadata as { name: string }).name);

describe('churn', () => {
  it('changes 1% of the workloads a round: rollouts, hardening flips and replacements', () => {
    const objects = generateCluster({ workloads: 2000 });
    const before = JSON.stringify(objects);
    const round = churn(objects, 1);
    expect(round.removed).toHaveLength(1);
    expect(round.added).toHaveLength(1);
    expect(round.hardened.length + round.weakened.length).toBe(2);
    expect(round.modified).toHaveLength(17);
    const names = workloadNames(objects);
    expect(names).toHaveLength(2000);
    for (const gone of round.removed) expect(names).not.toContain(gone);
    for (const added of round.added) expect(names).toContain(added);
    expect(JSON.stringify(objects)).not.toBe(before);
  });

  it('is deterministic and does not touch the same workload again for a hundred rounds', () => {
    const a = generateCluster({ workloads: 2000 });
    const b = generateCluster({ workloads: 2000 });
    const touched = new Map<string, number>();
    for (let r = 1; r <= 100; r++) {
      const ra = churn(a, r);
      expect(churn(b, r)).toEqual(ra);
      for (const w of [...ra.modified, ...ra.hardened, ...ra.weakened, ...ra.removed]) {
        expect(touched.has(w), `${w} changed in rounds ${touched.get(w)} and ${r}`).toBe(false);
        touched.set(w, r);
      }
    }
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('flips a container back and forth between hardened and not', () => {
    const objects = generateCluster({ workloads: 1000 });
    const first = churn(objects, 1);
    // Ten workloads a round: the same ones come round again after a hundred rounds.
    for (let r = 2; r <= 100; r++) churn(objects, r);
    const again = churn(objects, 101);
    expect(first.hardened.length + first.weakened.length).toBe(1);
    expect(again.weakened.sort()).toEqual(first.hardened.sort());
    expect(again.hardened.sort()).toEqual(first.weakened.sort());
  });
});
