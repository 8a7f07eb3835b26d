import { describe, expect, it } from 'vitest';
import { effectiveRetentionDays, partitionRetentionDays, retainedSince, retentionProblem } from './retention';

describe('retention per organisation', () => {
  const bounds = { min: 30, max: 1095 };

  it('takes the organisation’s choice, else the default', () => {
    expect(effectiveRetentionDays(90, 400)).toBe(90);
    expect(effectiveRetentionDays(null, 400)).toBe(400);
    expect(effectiveRetentionDays(undefined, 400)).toBe(400);
  });

  it('reads from exactly that many days before now', () => {
    expect(retainedSince(new Date('2026-12-01T00:00:00Z'), 30).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('accepts the bounds themselves and names them when refusing', () => {
    expect(retentionProblem(30, bounds)).toBeNull();
    expect(retentionProblem(1095, bounds)).toBeNull();
    expect(retentionProblem(29, bounds)).toBe('must be between 30 and 1095 days, got 29');
    expect(retentionProblem(1096, bounds)).toBe('must be between 30 and 1095 days, got 1096');
    expect(retentionProblem(90.5, bounds)).toBe('must be a whole number of days, got 90.5');
  });

  it('keeps partitions for the longest choice, never less than the default', () => {
    expect(partitionRetentionDays(400, null)).toBe(400);
    expect(partitionRetentionDays(400, 90)).toBe(400);
    expect(partitionRetentionDays(400, 730)).toBe(730);
  });
});
