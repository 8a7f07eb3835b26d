import { FRAMEWORKS_BY_ID } from '@kubeward/rules';
import { acceptedAsOf, activeAt, assessClusters, type ClusterEvaluation, trendMoments } from './compliance-report';

const baseline = FRAMEWORKS_BY_ID.get('pss-baseline')!;
const clean = (clusterId: string): ClusterEvaluation => ({
  clusterId,
  ruleCounts: {},
  acceptedCounts: {},
  notEvaluable: [],
  ruleErrors: [],
});
const byId = (r: ReturnType<typeof assessClusters>) => new Map(r.controls.map((c) => [c.control.id, c]));

describe('assessClusters', () => {
  it('passes what every cluster passes and fails what one fails, counting the failing findings', () => {
    const report = assessClusters(baseline, [
      clean('a'),
      {
        ...clean('b'),
        ruleCounts: { 'privileged-container': [2, 0, 0, 0, 0], 'host-network': [0, 1, 0, 0, 0] },
        // Windows options were not collected from b (an older agent): that control cannot pass.
        notEvaluable: [{ ruleId: 'windows-host-process', reason: 'input not collected' }],
      },
    ]);
    const controls = byId(report);
    expect(controls.get('baseline/privileged-containers')).toMatchObject({
      verdict: { status: 'FAIL' },
      failing: 2,
      accepted: 0,
      clusters: [
        { clusterId: 'a', verdict: { status: 'PASS' }, failing: 0 },
        { clusterId: 'b', verdict: { status: 'FAIL' }, failing: 2 },
      ],
    });
    expect(controls.get('baseline/host-namespaces')?.failing).toBe(1);
    expect(controls.get('baseline/apparmor')?.verdict).toEqual({ status: 'PASS' });
    expect(controls.get('baseline/hostprocess')?.verdict.status).toBe('NOT_EVALUABLE');
    expect(report.summary).toMatchObject({ fail: 2, pass: 7, notEvaluable: 1, manual: 1, percentage: 77.78 });
    expect(report.perCluster.get('a')).toMatchObject({ fail: 0, pass: 10, percentage: 100 });
  });

  it('makes a control an accepted risk when exceptions cover every open finding, naming them', () => {
    const evaluation = {
      ...clean('a'),
      ruleCounts: { 'privileged-container': [1, 0, 0, 0, 0] },
      acceptedCounts: { 'privileged-container': { findings: 1, exceptions: ['x2', 'x1'] } },
    };
    const covered = assessClusters(baseline, [evaluation]);
    expect(byId(covered).get('baseline/privileged-containers')).toMatchObject({
      verdict: { status: 'ACCEPTED_RISK' },
      failing: 0,
      accepted: 1,
      exceptionIds: ['x1', 'x2'],
    });
    // One more finding than the exceptions cover: it fails.
    const partly = assessClusters(baseline, [
      { ...evaluation, ruleCounts: { 'privileged-container': [2, 0, 0, 0, 0] } },
    ]);
    expect(byId(partly).get('baseline/privileged-containers')).toMatchObject({
      verdict: { status: 'FAIL' },
      failing: 1,
      accepted: 1,
    });
  });

  it('says which rule could not judge which cluster, and does not pass it', () => {
    const report = assessClusters(baseline, [
      clean('a'),
      { ...clean('b'), notEvaluable: [{ ruleId: 'apparmor-unconfined', reason: 'input not collected: Pod' }] },
    ]);
    expect(byId(report).get('baseline/apparmor')?.verdict).toEqual({
      status: 'NOT_EVALUABLE',
      reason: 'apparmor-unconfined: input not collected: Pod',
    });
  });

  it('with no cluster evaluated, nothing passes', () => {
    const report = assessClusters(baseline, []);
    expect(report.summary).toMatchObject({ pass: 0, fail: 0, percentage: null });
  });
});

describe('trendMoments', () => {
  it('ends each UTC day before the last, which is the moment itself', () => {
    const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
    expect(iso(trendMoments(new Date('2026-12-02T14:30:00Z'), 3))).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2026-12-02T00:00:00.000Z',
      '2026-12-02T14:30:00.000Z',
    ]);
    expect(iso(trendMoments(new Date('2026-12-02T14:30:00Z'), 1))).toEqual(['2026-12-02T14:30:00.000Z']);
    // At midnight the last day's end is the moment: not twice.
    expect(iso(trendMoments(new Date('2026-12-02T00:00:00Z'), 2))).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2026-12-02T00:00:00.000Z',
    ]);
  });
});

describe('acceptedAsOf', () => {
  it('keeps what exceptions active at the moment covered, and drops the rest', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 11, d));
    const exceptions = new Map([
      ['old', { createdAt: day(1), expiresAt: day(30), revokedAt: null }],
      ['new', { createdAt: day(10), expiresAt: day(30), revokedAt: null }],
      ['revoked', { createdAt: day(1), expiresAt: day(30), revokedAt: day(5) }],
    ]);
    const evaluation = {
      ...clean('a'),
      acceptedCounts: {
        'privileged-container': { findings: 2, exceptions: ['new', 'old'] },
        'host-network': { findings: 1, exceptions: ['new'] },
        'host-port': { findings: 1, exceptions: ['revoked'] },
      },
    };
    const at = (d: number) => acceptedAsOf(evaluation, (id) => activeAt(exceptions.get(id)!, day(d))).acceptedCounts;
    expect(at(3)).toEqual({
      'privileged-container': { findings: 2, exceptions: ['old'] },
      'host-port': { findings: 1, exceptions: ['revoked'] },
    });
    expect(at(12)).toEqual({
      'privileged-container': { findings: 2, exceptions: ['new', 'old'] },
      'host-network': { findings: 1, exceptions: ['new'] },
    });
    expect(at(30)).toEqual({});
  });
});
