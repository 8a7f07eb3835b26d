import { containsPattern, foldByPractice, rankGroups } from './finding-groups';

const counts = (critical: number, high: number, medium = 0, low = 0, info = 0) => ({
  critical,
  high,
  medium,
  low,
  info,
});

describe('rankGroups', () => {
  it('puts the most severe first, then the largest, with totals and the highest severity', () => {
    const ranked = rankGroups([
      { key: 'many-medium', counts: counts(0, 0, 90) },
      { key: 'one-critical', counts: counts(1, 0) },
      { key: 'high-b', counts: counts(0, 2) },
      { key: 'high-a', counts: counts(0, 2) },
      { key: 'info', counts: counts(0, 0, 0, 0, 3) },
    ]);
    expect(ranked.map((g) => g.key)).toEqual(['one-critical', 'high-a', 'high-b', 'many-medium', 'info']);
    expect(ranked[3]).toMatchObject({ total: 90, highest: 'MEDIUM' });
    expect(ranked[4]).toMatchObject({ total: 3, highest: 'INFO' });
  });
});

describe('foldByPractice', () => {
  it('adds up the rules of each practice', () => {
    const practice: Record<string, string> = { a: 'p1', b: 'p1', c: 'p2' };
    const folded = foldByPractice(
      [
        { key: 'a', counts: counts(1, 2) },
        { key: 'b', counts: counts(0, 3, 1) },
        { key: 'c', counts: counts(0, 0, 0, 4) },
      ],
      (id) => practice[id],
    );
    expect(folded).toEqual([
      { key: 'p1', counts: counts(1, 5, 1) },
      { key: 'p2', counts: counts(0, 0, 0, 4) },
    ]);
  });
});

describe('containsPattern', () => {
  it('matches the text literally, wildcards escaped', () => {
    expect(containsPattern('api')).toBe('%api%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
