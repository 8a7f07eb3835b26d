/** What decides whether a session still authenticates. */
export interface SessionTimes {
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export type SessionVerdict = 'active' | 'revoked' | 'expired' | 'idle';

/** Revocation first, then the absolute end, then the idle timeout. */
export function sessionVerdict(session: SessionTimes, now: Date, idleMs: number): SessionVerdict {
  if (session.revokedAt) return 'revoked';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMs) return 'idle';
  return 'active';
}

/** lastSeenAt is written at most once a minute per session: a write per request would cost more than the request. */
export const TOUCH_EVERY_MS = 60_000;

export const touchDue = (lastSeenAt: Date, now: Date): boolean =>
  now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
