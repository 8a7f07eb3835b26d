import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { buildSnapshot, resourceKey, type Snapshot, trackedObjects } from '@kubeward/snapshot';
import { churn, generateCluster } from '@kubeward/synthetic';
import { evaluate, evaluateIncremental, plainFinding, RULES, type Carry, type EngineSettings } from '../src';
import { loadCase, ruleCases } from './cases';

const NOW = '2026-01-01T00:00:00Z';
const LOCAL = RULES.filter((r) => r.local);
const hashesOf = (s: Snapshot) => new Map(trackedObjects(s).map((o) => [o.key, o.hash]));
/** A finding as stored, without its grouping (which depends on every rule's findings). */
const plain = (f: Parameters<typeof plainFinding>[0]) => ({ ...plainFinding(f), primary: undefined });

const cluster = (objects: unknown[], collectedAt = NOW) =>
  buildSnapshot(objects, { snapshotId: 'incremental', collectedAt, agentVersion: 'test' }).snapshot;

const SHARED = path.resolve(__dirname, '../../../../shared/clusters');
const bundles = (): [string, Snapshot][] =>
  readdirSync(SHARED)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [
      f,
      buildSnapshot(
        parseAllDocuments(readFileSync(path.join(SHARED, f), 'utf8'))
          .map((d) => d.toJS() as unknown)
          .filter((d) => d !== null),
        { snapshotId: f, collectedAt: NOW, agentVersion: 'test', source: 'manifests' },
      ).snapshot,
    ]);

/**
 * What `local` promises, held to it: every finding of a local rule is about a workload, and a
 * snapshot holding only some of the workloads gives exactly their findings, at any time of day.
 */
function expectLocal(snapshot: Snapshot, settings: EngineSettings) {
  const whole = evaluate(snapshot, settings);
  const workloads = new Set(snapshot.workloads.map((w) => resourceKey(w)));
  const ofLocal = whole.findings.filter((f) => LOCAL.some((r) => r.id === f.ruleId));
  for (const f of ofLocal)
    expect(workloads, `${f.ruleId} on ${resourceKey(f.resource)}`).toContain(resourceKey(f.resource));
  // Every other workload, then the rest: each half judged alone.
  for (const half of [0, 1]) {
    const some = snapshot.workloads.filter((_, i) => i % 2 === half);
    const keys = new Set(some.map((w) => resourceKey(w)));
    const alone = evaluate(
      { ...snapshot, workloads: some },
      { ...settings, now: settings.now.replace('T00', 'T17') },
      LOCAL,
    );
    expect(alone.errors).toEqual([]);
    expect(alone.findings.map(plain)).toEqual(ofLocal.filter((f) => keys.has(resourceKey(f.resource))).map(plain));
  }
}

describe('local rules', () => {
  it('are the ones that judge workloads one by one', () => {
    expect(LOCAL.length).toBeGreaterThan(25);
    for (const rule of LOCAL) expect(rule.needs, rule.id).toContain('workloads');
  });

  it('judge each workload alone in synthetic clusters', () => {
    for (const seed of [1, 2, 3]) {
      const snapshot = cluster(generateCluster({ workloads: 120, pods: 200, rbacObjects: 40, seed }));
      expectLocal(snapshot, { now: NOW, trustedRegistries: ['registry.acme.internal'] });
    }
  });

  it('judge each workload alone in the real-world bundles', () => {
    const all = bundles();
    expect(all.length).toBeGreaterThan(3);
    for (const [, snapshot] of all) expectLocal(snapshot, { now: NOW });
  });

  it("judge each workload alone in every rule's own cases", () => {
    const dirs = readdirSync(path.resolve(__dirname, '../src/rules'));
    let cases = 0;
    for (const dir of dirs)
      for (const c of ruleCases(dir)) {
        const { snapshot, settings } = loadCase(c.file);
        if (snapshot.workloads.length === 0) continue;
        expectLocal(snapshot, { now: NOW, ...settings });
        cases++;
      }
    expect(cases).toBeGreaterThan(100);
  });
});

describe('evaluateIncremental', () => {
  type Step =
    | { kind: 'churn'; rate: number }
    | { kind: 'namespace' }
    | { kind: 'binding' }
    | { kind: 'settings' }
    | { kind: 'day' }
    | { kind: 'nothing' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('churn' as const), rate: fc.constantFrom(0.01, 0.05, 0.3) }),
    },
    fc.constant({ kind: 'namespace' as const }),
    fc.constant({ kind: 'binding' as const }),
    fc.constant({ kind: 'settings' as const }),
    fc.constant({ kind: 'day' as const }),
    fc.constant({ kind: 'nothing' as const }),
  );

  it('gives what evaluate gives, after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        const objects = generateCluster({ workloads: 80, pods: 120, rbacObjects: 30, seed });
        let settings: EngineSettings = { now: NOW };
        let day = 1;
        let carry: Carry | undefined;
        const judge = () => {
          const snapshot = cluster(objects, settings.now);
          const { result, carry: next, judged } = evaluateIncremental(snapshot, settings, hashesOf(snapshot), carry);
          // On a fresh copy: a carry must not lean on the objects of the snapshot it came from.
          const expected = evaluate(structuredClone(snapshot), settings);
          expect(result.findings.map(plainFinding)).toEqual(expected.findings.map(plainFinding));
          expect(result.notEvaluable).toEqual(expected.notEvaluable);
          expect(result.errors).toEqual([]);
          expect(result.evaluated).toEqual(expected.evaluated);
          carry = next;
          return { judged, workloads: snapshot.workloads.length };
        };
        expect(judge().judged).toBe(80);
        steps.forEach((s, round) => {
          let changedOnlyWorkloads = false;
          if (s.kind === 'churn') {
            churn(objects, round + 1, { rate: s.rate });
            changedOnlyWorkloads = true;
          } else if (s.kind === 'namespace') {
            const ns = objects.find((o) => o.kind === 'Namespace')!;
            const labels = ((ns.metadata as { labels?: Record<string, string> }).labels ??= {});
            labels['pod-security.kubernetes.io/enforce'] =
              labels['pod-security.kubernetes.io/enforce'] === 'restricted' ? 'baseline' : 'restricted';
          } else if (s.kind === 'binding') {
            objects.push({
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRoleBinding',
              metadata: { name: `admins-${round}` },
              roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
              subjects: [{ kind: 'ServiceAccount', namespace: 'team-0', name: 'default' }],
            });
          } else if (s.kind === 'settings') {
            settings = { ...settings, trustedRegistries: settings.trustedRegistries ? undefined : ['docker.io'] };
          } else if (s.kind === 'day') {
            settings = { ...settings, now: `2026-01-0${Math.min(9, ++day)}T00:00:00Z` };
          }
          const { judged, workloads } = judge();
          if (s.kind === 'nothing') expect(judged).toBe(0);
          // Only some workloads changed: only they are judged again.
          if (changedOnlyWorkloads) expect(judged).toBeLessThan(workloads);
          if (s.kind === 'namespace' || s.kind === 'binding' || s.kind === 'settings') expect(judged).toBe(workloads);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('judges every workload again when the carry does not fit', () => {
    const snapshot = cluster(generateCluster({ workloads: 30, seed: 7 }));
    const first = evaluateIncremental(snapshot, { now: NOW }, hashesOf(snapshot), undefined);
    const missing = new Map(hashesOf(snapshot));
    missing.delete(resourceKey(snapshot.workloads[0]!));
    // A workload without a hash is never taken for the one judged before.
    expect(evaluateIncremental(snapshot, { now: NOW }, missing, first.carry).judged).toBe(1);
    expect(
      evaluateIncremental(snapshot, { now: NOW, minimalImages: ['x'] }, hashesOf(snapshot), first.carry).judged,
    ).toBe(30);
  });
});
