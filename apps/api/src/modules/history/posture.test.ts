import { byNeed, NO_FINDINGS, rollUp, topRules } from './posture';

describe('rollUp', () => {
  it('averages the evaluated clusters and adds up every count', () => {
    const result = rollUp([
      { score: 80, counts: { ...NO_FINDINGS, critical: 1, high: 2 } },
      { score: 91, counts: { ...NO_FINDINGS, high: 1, low: 4 } },
      { score: null, counts: NO_FINDINGS },
    ]);
    expect(result).toEqual({ score: 85.5, counts: { critical: 1, high: 3, medium: 0, low: 4, info: 0 } });
  });

  it('has no score without an evaluated cluster', () => {
    expect(rollUp([]).score).toBeNull();
    expect(rollUp([{ score: null, counts: NO_FINDINGS }]).score).toBeNull();
  });
});

describe('byNeed', () => {
  it('puts the lowest score first and never-evaluated clusters last', () => {
    const clusters = [
      { name: 'new', score: null },
      { name: 'good', score: 98 },
      { name: 'bad', score: 40 },
      { name: 'also-bad', score: 40 },
    ];
    expect(clusters.sort(byNeed).map((c) => c.name)).toEqual(['also-bad', 'bad', 'good', 'new']);
  });
});

describe('topRules', () => {
  it('adds each cluster’s counts per rule and ranks the rules, most severe first', () => {
    const top = topRules(
      [
        { 'host-path': [1, 0, 0, 0, 0], 'run-as-root': [0, 5, 0, 0, 0] },
        { 'run-as-root': [0, 3, 0, 0, 0], 'no-limits': [0, 0, 40, 0, 0] },
        {},
      ],
      2,
    );
    expect(top.groups.map((g) => [g.key, g.total, g.highest])).toEqual([
      ['host-path', 1, 'CRITICAL'],
      ['run-as-root', 8, 'HIGH'],
    ]);
    expect(top.totalFindings).toBe(49);
    expect(top.totalGroups).toBe(3);
  });
});
