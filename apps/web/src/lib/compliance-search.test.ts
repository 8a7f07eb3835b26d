import { momentOf, parseComplianceSearch } from './compliance-search';

describe('parseComplianceSearch', () => {
  it('keeps what the API can answer and drops the rest', () => {
    expect(
      parseComplianceSearch({ framework: 'pss-baseline', day: '2026-03-01', cluster: 'c1', control: '5.2.2', x: 1 }),
    ).toEqual({ framework: 'pss-baseline', day: '2026-03-01', cluster: 'c1', control: '5.2.2' });
    expect(
      parseComplianceSearch({ framework: '', day: '2026-02-30', cluster: ['a'], control: 'x'.repeat(201) }),
    ).toEqual({});
    expect(parseComplianceSearch({ day: '1 March' })).toEqual({});
  });
});

describe('momentOf', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('is the end of a past day, and now for today or a later day', () => {
    expect(momentOf('2026-03-01', now)).toBe('2026-03-01T23:59:59.999Z');
    expect(momentOf('2026-03-10', now)).toBeUndefined();
    expect(momentOf('2026-04-01', now)).toBeUndefined();
    expect(momentOf(undefined, now)).toBeUndefined();
  });
});
