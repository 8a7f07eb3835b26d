import { acceptedCounts, coveredBy, coveringIds } from './exception-match';

const any = { clusterId: null, ruleId: null, namespace: null, resourceKind: null, resourceName: null };
const exceptions = [
  { ...any, id: 'x1', ruleId: 'privileged-container', namespace: 'shop' },
  { ...any, id: 'x2', clusterId: 'c1', resourceKind: 'Deployment', resourceName: 'web' },
  { ...any, id: 'x3', clusterId: 'c2' },
];
const finding = (ruleId: string, namespace: string, name: string) => ({
  ruleId,
  resource: { kind: 'Deployment', namespace, name },
});

describe('exception matching', () => {
  it('names every exception that covers a finding, and agrees with coveredBy', () => {
    const ids = coveringIds(exceptions, 'c1');
    const covered = coveredBy(exceptions, 'c1');
    const cases = [
      [finding('privileged-container', 'shop', 'web'), ['x1', 'x2']],
      [finding('privileged-container', 'shop', 'api'), ['x1']],
      [finding('run-as-root', 'shop', 'web'), ['x2']],
      [finding('run-as-root', 'payments', 'api'), []],
    ] as const;
    for (const [f, expected] of cases) {
      expect(ids(f)).toEqual(expected);
      expect(covered(f)).toBe(expected.length > 0);
    }
  });

  it('counts, per rule, the findings exceptions cover and which exceptions', () => {
    const findings = [
      finding('privileged-container', 'shop', 'web'),
      finding('privileged-container', 'shop', 'api'),
      finding('run-as-root', 'payments', 'api'),
    ];
    expect(acceptedCounts(findings, coveringIds(exceptions, 'c1'))).toEqual({
      'privileged-container': { findings: 2, exceptions: ['x1', 'x2'] },
    });
    expect(acceptedCounts(findings, coveringIds(exceptions, 'c2'))).toEqual({
      'privileged-container': { findings: 2, exceptions: ['x1', 'x3'] },
      'run-as-root': { findings: 1, exceptions: ['x3'] },
    });
  });
});
