import { futureTimestampProblem } from './clock';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const SKEW = 300_000;

describe('futureTimestampProblem', () => {
  it('accepts the past, the present and a clock up to the skew ahead', () => {
    expect(futureTimestampProblem('1999-01-01T00:00:00Z', NOW, SKEW)).toBeUndefined();
    expect(futureTimestampProblem('2026-11-30T12:00:00.000Z', NOW, SKEW)).toBeUndefined();
    expect(futureTimestampProblem('2026-11-30T12:05:00.000Z', NOW, SKEW)).toBeUndefined();
  });

  it('refuses a time past the skew, saying how far ahead it is', () => {
    expect(futureTimestampProblem('2026-11-30T12:05:01.000Z', NOW, SKEW)).toBe(
      "is 301 s ahead of the server's clock (at most 300 s is allowed): check the cluster's clock",
    );
    expect(futureTimestampProblem('2026-11-30T15:00:00.000Z', NOW, SKEW)).toMatch(/^is 3 h ahead/);
    expect(futureTimestampProblem('9999-12-31T23:59:59Z', NOW, SKEW)).toMatch(/^is 2912109 days ahead/);
  });

  it('refuses what is not a date', () => {
    expect(futureTimestampProblem('soon', NOW, SKEW)).toBe('is not a date-time');
  });
});
