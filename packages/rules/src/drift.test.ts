import path from 'node:path';
import { buildSnapshot } from '@kubeward/snapshot';
import { loadCase, RULES_DIR } from '../test/cases';
import { previousStateFromObjects, previousStateOf, rebasedFindings, standingOf } from './drift';
import { evaluate } from './engine';

const run = (rule: string, file: string) => {
  const { snapshot, settings } = loadCase(path.join(RULES_DIR, rule, 'cases', file));
  return evaluate(snapshot, { now: snapshot.collectedAt, ...settings, include: [rule] });
};

describe('drift rules', () => {
  it('open a regression seen now with this snapshot as its start, and say what it was', () => {
    const [shop] = run('pod-security-enforce-lowered', 'fail.lowered.yaml').findings;
    expect(shop!.baseline).toEqual({ since: '2026-01-01T00:00:00Z', was: ['restricted'] });
    expect(shop!.message).toBe(
      'Namespace shop enforces Pod Security "baseline", lowered from "restricted" (seen since 2026-01-01 00:00 UTC). ' +
        'Restore enforce=restricted, or accept the risk with the reason.',
    );
  });

  it('keep a standing finding open with the baseline it opened with', () => {
    const [shop] = run('pod-security-enforce-lowered', 'fail.still-lowered.yaml').findings;
    expect(shop!.baseline).toEqual({ since: '2025-12-30T10:00:00Z', was: ['restricted'] });
    expect(shop!.message).toContain('seen since 2025-12-30 10:00 UTC');
  });

  it('name what was deleted, relaxed or newly bound', () => {
    expect(run('network-policy-last-removed', 'fail.deleted.yaml').findings[0]!.baseline!.was).toEqual([
      'allow-web',
      'default-deny',
    ]);
    expect(run('admission-webhook-fail-open', 'fail.switched.yaml').findings[0]!.message).toContain(
      'webhook "validate.kyverno.svc-fail" switched from failurePolicy Fail to Ignore',
    );
    const added = run('cluster-admin-binding-added', 'fail.new-binding.yaml').findings;
    expect(added.map((f) => [f.resource.name, f.baseline!.was])).toEqual([
      ['debug-admin', []],
      ['platform-admins', ['Group:/platform-team']],
    ]);
    expect(added[1]!.message).toContain('to ServiceAccount kube-system/backdoor');
    expect(added[1]!.message).not.toContain('platform-team');
  });

  it('are not evaluable without history: the first snapshot is the baseline', () => {
    const { snapshot } = loadCase(path.join(RULES_DIR, 'pod-security-enforce-lowered', 'cases', 'fail.lowered.yaml'));
    const result = evaluate(snapshot, { now: snapshot.collectedAt, include: ['pod-security-enforce-lowered'] });
    expect(result.findings).toEqual([]);
    expect(result.notEvaluable[0]!.reason).toMatch(/no earlier snapshot/);
  });

  it('read the previous state back from stored objects as a snapshot holds it', () => {
    const { snapshot } = buildSnapshot(
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { a: 'b' } } },
        {
          apiVersion: 'kyverno.io/v1',
          kind: 'ClusterPolicy',
          metadata: { name: 'p' },
          spec: { validationFailureAction: 'Enforce' },
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'b' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ kind: 'User', name: 'u' }],
        },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { engine: 'x' } },
      ],
      { snapshotId: 'stored-objects', collectedAt: '2026-01-01T00:00:00Z', agentVersion: 'test', source: 'manifests' },
    );
    const stored = [
      ...snapshot.namespaces.map((body) => ({ kind: 'Namespace', body })),
      ...snapshot.policyEngines.map((body) => ({ kind: body.kind, body })),
      ...snapshot.bindings.map((body) => ({ kind: body.kind, body })),
      ...snapshot.configMaps.map((body) => ({ kind: 'ConfigMap', body })),
    ];
    expect(previousStateFromObjects(stored)).toEqual(previousStateOf(snapshot));
  });

  it('find standing baselines by rule and resource', () => {
    const history = {
      previousAt: '2026-01-01T00:00:00Z',
      previous: previousStateFromObjects([]),
      standing: [
        { ruleId: 'a', resource: { kind: 'Namespace', name: 'x' }, baseline: { since: 's', was: ['1'] } },
        { ruleId: 'b', resource: { kind: 'Namespace', name: 'x' }, baseline: { since: 's', was: ['2'] } },
      ],
    };
    expect(standingOf(history, 'b').get('Namespace//x')!.was).toEqual(['2']);
    expect(standingOf(history, 'c').size).toBe(0);
  });
});

describe('rebasedFindings', () => {
  const stored = new Map([['fp', { since: '2026-01-01T00:00:00Z', was: ['a'] }]]);
  it('names the open findings whose baseline moved, and only those', () => {
    expect(
      rebasedFindings(
        [
          { fingerprint: 'fp', baseline: { since: '2026-01-01T00:00:00Z', was: ['a', 'b'] } },
          { fingerprint: 'new', baseline: { since: '2026-01-02T00:00:00Z', was: ['x'] } },
          { fingerprint: 'plain' },
        ],
        stored,
      ),
    ).toEqual([{ fingerprint: 'fp', baseline: { since: '2026-01-01T00:00:00Z', was: ['a', 'b'] } }]);
    expect(
      rebasedFindings([{ fingerprint: 'fp', baseline: { since: '2026-01-01T00:00:00Z', was: ['a'] } }], stored),
    ).toEqual([]);
  });
});

describe('service-account-dormant', () => {
  it('says since when no workload ran as the account, and whether it was ever seen to', () => {
    const [old, bot] = run('service-account-dormant', 'fail.dormant.yaml').findings;
    expect(old!.message).toBe(
      'ServiceAccount ci/old-deployer can create pods, read secrets (enough to become cluster-admin), but no workload ' +
        'has run as it since 2025-10-03 (89 days). Delete it and its bindings, or accept the risk if something outside ' +
        'the cluster uses its token.',
    );
    expect(bot!.message).toContain('since Kubeward first saw it on 2025-11-22 (40 days)');
  });

  it('counts days from the organisation setting', () => {
    const { snapshot, settings } = loadCase(
      path.join(RULES_DIR, 'service-account-dormant', 'cases', 'fail.dormant.yaml'),
    );
    const judged = (days: number) =>
      evaluate(snapshot, {
        now: snapshot.collectedAt,
        ...settings,
        dormantAccountDays: days,
        include: ['service-account-dormant'],
      }).findings.map((f) => f.resource.name);
    expect(judged(60)).toEqual(['old-deployer']);
    expect(judged(100)).toEqual([]);
  });
});
