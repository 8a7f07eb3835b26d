import type { Finding as EngineFinding, Severity } from '@kubeward/rules';
import {
  advanceOpen,
  byFingerprint,
  type GoneFinding,
  lifecycleLookups,
  type LifecycleInput,
  type LifecycleState,
  detailDigest,
  planLifecycle,
} from './lifecycle-plan';

const AT = new Date('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

const finding = (fingerprint: string, over: Partial<EngineFinding> = {}): EngineFinding => ({
  ruleId: 'privileged-container',
  severity: 'HIGH',
  resource: { kind: 'Deployment', namespace: 'shop', name: fingerprint },
  message: `${fingerprint} is privileged`,
  paths: ['spec.template.spec.containers[0].securityContext.privileged'],
  platform: false,
  fingerprint,
  ...over,
});

const gone = (fingerprint: string, over: Partial<GoneFinding> = {}): GoneFinding => ({
  id: `id-${fingerprint}`,
  fingerprint,
  ruleId: 'privileged-container',
  severity: 'HIGH',
  resourceKind: 'Deployment',
  resourceNamespace: 'shop',
  resourceName: fingerprint,
  container: null,
  message: 'was privileged',
  paths: [],
  platform: false,
  flappingUntil: null,
  ...over,
});

const input = (findings: EngineFinding[], over: Partial<LifecycleInput> = {}): LifecycleInput => ({
  at: AT,
  findings: byFingerprint(findings),
  evaluatedRules: new Set(['privileged-container', 'host-path']),
  activeRules: new Set(['privileged-container', 'host-path']),
  presentResources: new Set(findings.map((f) => `${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}`)),
  flapWindowMs: 30 * MINUTE,
  ...over,
});

const DETAIL = detailDigest(finding('x'));

/** Open findings as stored: `[fingerprint, severity]`, each with the row id `id-<fingerprint>` and the usual paths. */
const openOf = (...entries: [string, Severity][]) =>
  new Map(
    entries.map(([fingerprint, severity]) => [fingerprint, { id: `id-${fingerprint}`, severity, detail: DETAIL }]),
  );

const state = (over: Partial<LifecycleState> = {}): LifecycleState => ({
  open: new Map(),
  resolvedBack: new Map(),
  gone: [],
  ...over,
});

describe('planLifecycle', () => {
  it('opens what is new, keeps what stays open, and counts every current finding by severity and rule', () => {
    const a = finding('a');
    const b = finding('b', { severity: 'CRITICAL' });
    const c = finding('c', { ruleId: 'host-pid', severity: 'HIGH' });
    const plan = planLifecycle(input([a, b, c]), state({ open: openOf(['a', 'HIGH'], ['c', 'HIGH']) }));
    expect(plan.opened).toEqual([b]);
    expect(plan.reopened).toEqual([]);
    expect(plan.resolved).toEqual([]);
    expect(plan.changed).toEqual([]);
    expect(plan.counts).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, INFO: 0 });
    expect(plan.ruleCounts).toEqual({ 'privileged-container': [1, 1, 0, 0, 0], 'host-pid': [0, 1, 0, 0, 0] });
  });

  it('reopens a resolved finding that is back, flapping only within the window', () => {
    const [soon, late, never] = [finding('soon'), finding('late'), finding('never')];
    const resolvedBack = new Map([
      ['soon', { id: 'id-soon', resolvedAt: new Date(AT.getTime() - 10 * MINUTE) }],
      ['late', { id: 'id-late', resolvedAt: new Date(AT.getTime() - 31 * MINUTE) }],
      ['never', { id: 'id-never', resolvedAt: null }],
    ]);
    const plan = planLifecycle(input([soon, late, never]), state({ resolvedBack }));
    expect(plan.opened).toEqual([]);
    expect(plan.reopened).toEqual([
      { id: 'id-soon', finding: soon, flapping: true },
      { id: 'id-late', finding: late, flapping: false },
      { id: 'id-never', finding: never, flapping: false },
    ]);
    expect(plan.quietUntil).toEqual(new Date(AT.getTime() + 30 * MINUTE));
  });

  it('resolves what is gone and says why: fixed, its object deleted, its rule removed', () => {
    const stays = finding('stays');
    const plan = planLifecycle(
      input([stays], {
        presentResources: new Set(['Deployment/shop/stays', 'Deployment/shop/fixed']),
        activeRules: new Set(['privileged-container']),
        evaluatedRules: new Set(['privileged-container']),
      }),
      state({
        open: openOf(['stays', 'HIGH'], ['fixed', 'HIGH'], ['deleted', 'HIGH'], ['retired', 'HIGH']),
        gone: [gone('fixed'), gone('deleted'), gone('retired', { ruleId: 'old-rule' })],
      }),
    );
    expect(plan.resolved.map((r) => [r.finding.fingerprint, r.reason])).toEqual([
      ['deleted', 'RESOURCE_DELETED'],
      ['fixed', 'FIXED'],
      ['retired', 'RULE_REMOVED'],
    ]);
    expect(plan.notEvaluated).toEqual([]);
  });

  it('leaves open, unjudged, a finding whose rule could not run this time', () => {
    const plan = planLifecycle(
      input([], { evaluatedRules: new Set(['privileged-container']) }),
      state({ gone: [gone('x', { ruleId: 'host-path' })] }),
    );
    expect(plan.resolved).toEqual([]);
    expect(plan.notEvaluated.map((f) => f.fingerprint)).toEqual(['x']);
  });

  it('calls a cluster-level finding fixed: there is no object that could have been deleted', () => {
    const plan = planLifecycle(
      input([]),
      state({ gone: [gone('api', { resourceKind: 'Cluster', resourceNamespace: null, resourceName: 'cluster' })] }),
    );
    expect(plan.resolved.map((r) => r.reason)).toEqual(['FIXED']);
  });

  it('keeps the resolution of a recently flapping finding quiet until its window ends', () => {
    const plan = planLifecycle(
      input([]),
      state({
        gone: [
          gone('quiet', { flappingUntil: new Date(AT.getTime() + MINUTE) }),
          gone('loud', { flappingUntil: new Date(AT.getTime() - MINUTE) }),
        ],
      }),
    );
    expect(plan.resolved.map((r) => [r.finding.fingerprint, r.flapping])).toEqual([
      ['loud', false],
      ['quiet', true],
    ]);
  });

  it('updates an open finding whose severity (an override) or fields (a binding gained a subject) changed, and nothing else', () => {
    const moved = finding('c', { paths: ['subjects[0]', 'subjects[1]'] });
    const plan = planLifecycle(
      input([finding('a', { severity: 'LOW' }), finding('b'), moved]),
      state({
        open: openOf(['a', 'HIGH'], ['b', 'HIGH'], ['c', 'HIGH']),
      }),
    );
    expect(plan.changed).toEqual([
      { id: 'id-a', finding: finding('a', { severity: 'LOW' }) },
      { id: 'id-c', finding: moved },
    ]);
  });

  it('counts a finding the engine reported twice once, and opens it once', () => {
    const plan = planLifecycle(input([finding('a'), finding('a')]), state());
    expect(plan.opened).toHaveLength(1);
    expect(plan.counts.HIGH).toBe(1);
  });
});

describe('lifecycleLookups', () => {
  it('asks for the resolved rows of findings not open, and the details of open ones gone', () => {
    const open = openOf(['a', 'HIGH'], ['b', 'HIGH']);
    expect(lifecycleLookups(byFingerprint([finding('a'), finding('c')]), open)).toEqual({
      backCandidates: ['c'],
      goneIds: ['id-b'],
    });
  });
});

describe('advanceOpen', () => {
  it('leaves the open findings as the plan makes them: opened, reopened and changed in, resolved out', () => {
    const open = openOf(['stays', 'HIGH'], ['fixed', 'HIGH'], ['overridden', 'HIGH']);
    const plan = planLifecycle(
      input([finding('stays'), finding('new'), finding('back'), finding('overridden', { severity: 'LOW' })]),
      state({
        open,
        resolvedBack: new Map([['back', { id: 'id-back', resolvedAt: null }]]),
        gone: [gone('fixed')],
      }),
    );
    advanceOpen(open, plan, ['id-new']);
    expect(Object.fromEntries(open)).toEqual({
      stays: { id: 'id-stays', severity: 'HIGH', detail: DETAIL },
      overridden: { id: 'id-overridden', severity: 'LOW', detail: DETAIL },
      new: { id: 'id-new', severity: 'HIGH', detail: DETAIL },
      back: { id: 'id-back', severity: 'HIGH', detail: DETAIL },
    });
  });
});

describe('detailDigest', () => {
  const d = (paths: string[], primary?: string) => detailDigest({ paths, primary });
  it('tells paths apart by content, order and where one ends, and the group by its primary', () => {
    expect(d(['a', 'b'])).toBe(d(['a', 'b']));
    expect(d(['a', 'b'])).not.toBe(d(['b', 'a']));
    expect(d(['ab'])).not.toBe(d(['a', 'b']));
    expect(d([])).not.toBe(d(['']));
    expect(d(['a'])).not.toBe(d(['a'], 'p'));
    expect(detailDigest({ paths: ['a'], primary: null })).toBe(d(['a']));
  });
});
