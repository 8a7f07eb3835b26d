import { describe, expect, it } from 'vitest';
import { sessionVerdict, touchDue } from './session-policy';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1) + s * 1000);

describe('sessionVerdict', () => {
  const idleMs = 30 * 60_000;
  const session = { lastSeenAt: at(0), expiresAt: at(3600), revokedAt: null };
  it('is active while used and within its lifetime', () => {
    expect(sessionVerdict(session, at(29 * 60), idleMs)).toBe('active');
  });
  it('ends after the idle timeout', () => {
    expect(sessionVerdict(session, at(30 * 60), idleMs)).toBe('idle');
  });
  it('ends at its absolute end however recently used', () => {
    expect(sessionVerdict({ ...session, lastSeenAt: at(3599) }, at(3600), idleMs)).toBe('expired');
  });
  it('ends at once when revoked', () => {
    expect(sessionVerdict({ ...session, revokedAt: at(1) }, at(2), idleMs)).toBe('revoked');
  });
  it('writes lastSeenAt at most once a minute', () => {
    expect(touchDue(at(0), at(59))).toBe(false);
    expect(touchDue(at(0), at(60))).toBe(true);
  });
});
