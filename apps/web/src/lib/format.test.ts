import { countOf, exactTime, fieldValue, plural, relativeTime, resourceLabel, scoreColor, totalOf } from './format';

describe('format', () => {
  it('counts severities', () => {
    const counts = { critical: 1, high: 2, medium: 3, low: 4, info: 5 };
    expect(countOf(counts, 'HIGH')).toBe(2);
    expect(totalOf(counts)).toBe(15);
  });

  it('colours scores by fixed thresholds', () => {
    expect([scoreColor(95), scoreColor(90), scoreColor(75), scoreColor(12), scoreColor(null)]).toEqual([
      '#066649',
      '#066649',
      '#9c4600',
      '#a61e1e',
      'gray.7',
    ]);
  });

  it('says how long ago, in the largest whole unit', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(relativeTime('2026-03-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-03-03T12:00:00Z', now)).toBe('in 2 days');
    expect(relativeTime('2026-03-01T11:59:30Z', now)).toBe('just now');
    expect(relativeTime(null, now)).toBe('never');
  });

  it('writes exact times in UTC', () => {
    expect(exactTime('2026-03-01T14:05:09.123Z')).toBe('2026-03-01 14:05 UTC');
  });

  it('pluralises', () => {
    expect(plural(1, 'finding')).toBe('1 finding');
    expect(plural(2, 'finding')).toBe('2 findings');
    expect(plural(1200, 'policy')).toBe('1,200 policies');
    expect(plural(0, 'cluster')).toBe('0 clusters');
  });

  it('names resources and field values as people write them', () => {
    expect(resourceLabel({ kind: 'Deployment', namespace: 'shop', name: 'api' })).toBe('Deployment shop/api');
    expect(resourceLabel({ kind: 'ClusterRoleBinding', namespace: null, name: 'admin' })).toBe(
      'ClusterRoleBinding admin',
    );
    expect([fieldValue(undefined), fieldValue('nginx:1'), fieldValue(true), fieldValue({ a: 1 })]).toEqual([
      'absent',
      'nginx:1',
      'true',
      '{"a":1}',
    ]);
  });
});
