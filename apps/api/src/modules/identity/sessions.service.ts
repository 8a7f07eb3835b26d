import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { Tx } from '../../infra/prisma/prisma.service';
import { hashToken, newToken } from '../../infra/secrets';
import type { Principal } from '../auth/principal';
import { scopeOf } from '../auth/scope';
import { IdentityError } from './identity.errors';
import { PeopleRepository } from './people.repository';
import { sessionVerdict, touchDue } from './session-policy';
import { SessionsRepository } from './sessions.repository';
import { accessOfMembership } from './sso-access';

/** A password accepted, the second factor awaited: this long to enter it. */
const PENDING_SECOND_FACTOR_MS = 5 * 60_000;

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

/** Who a session cookie signs in, and as what in the organisation it acts in (if any). */
export interface SignedIn {
  userId: string;
  sessionId: string;
  /** Null while the user acts in no organisation (none yet, or removed from it). */
  principal: Principal | null;
}

@Injectable()
export class SessionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
    private readonly people: PeopleRepository,
  ) {}

  /** A new session; `token` is what the cookie carries, the only time it exists in clear. */
  async start(
    user: { id: string },
    organizationId: string | null,
    method: 'PASSWORD' | 'OIDC',
    pendingSecondFactor: boolean,
    meta: RequestMeta,
    tx?: Tx,
  ): Promise<{ token: string; maxAgeMs: number; sessionId: string }> {
    const token = newToken('kws');
    const maxAgeMs = pendingSecondFactor ? PENDING_SECOND_FACTOR_MS : this.config.identity.sessionAbsoluteMs;
    const row = await this.sessions.create(
      {
        tokenHash: hashToken(token),
        userId: user.id,
        organizationId,
        method,
        pendingSecondFactor,
        expiresAt: new Date(Date.now() + maxAgeMs),
        ipAddress: meta.ip,
        userAgent: meta.userAgent,
      },
      tx,
    );
    return { token, maxAgeMs, sessionId: row.id };
  }

  /** The session awaiting its second factor, for that step only. */
  async pending(token: string | undefined) {
    const row = token ? await this.sessions.findByHash(hashToken(token)) : null;
    if (!row?.pendingSecondFactor) throw IdentityError.secondFactorPending();
    const verdict = sessionVerdict(row, new Date(), PENDING_SECOND_FACTOR_MS);
    if (verdict !== 'active') throw IdentityError.sessionEnded(verdict);
    return row;
  }

  /** The second factor passed: the session gets a new token and its full lifetime. */
  async completeSecondFactor(sessionId: string): Promise<{ token: string; maxAgeMs: number }> {
    const token = newToken('kws');
    const maxAgeMs = this.config.identity.sessionAbsoluteMs;
    await this.sessions.completeSecondFactor(sessionId, hashToken(token), new Date(Date.now() + maxAgeMs));
    return { token, maxAgeMs };
  }

  /**
   * Who the cookie's session signs in. Ended sessions (revoked, past their absolute end, idle) and
   * half-finished ones (second factor awaited) authenticate nothing. The role is read from the
   * membership at every request, so a change of role or a removal holds at once.
   */
  async authenticate(token: string): Promise<SignedIn> {
    const row = await this.sessions.findByHash(hashToken(token));
    if (!row) throw IdentityError.sessionEnded('unknown');
    const now = new Date();
    const verdict = sessionVerdict(row, now, this.config.identity.sessionIdleMs);
    if (verdict !== 'active') throw IdentityError.sessionEnded(verdict);
    if (row.pendingSecondFactor) throw IdentityError.secondFactorPending();
    if (touchDue(row.lastSeenAt, now)) await this.sessions.touch(row.id, now);
    const membership = row.organizationId ? await this.people.membership(row.userId, row.organizationId) : null;
    const principal: Principal | null = membership && {
      organizationId: scopeOf(membership.organizationId),
      actor: { type: 'USER', id: row.userId, sessionId: row.id },
      ...accessOfMembership(membership),
    };
    return { userId: row.userId, sessionId: row.id, principal };
  }

  /** Ends the cookie's session, if it names one (signing out twice is not an error). */
  async endByToken(token: string | undefined): Promise<{ userId: string; sessionId: string } | null> {
    const row = token ? await this.sessions.findByHash(hashToken(token)) : null;
    if (!row || row.revokedAt) return null;
    await this.sessions.revoke({ userId: row.userId, id: row.id }, 'signed out');
    return { userId: row.userId, sessionId: row.id };
  }

  revoke(where: { userId: string; id?: string; organizationId?: string; exceptId?: string }, reason: string, tx?: Tx) {
    return this.sessions.revoke(where, reason, tx);
  }

  listLive(userId: string) {
    return this.sessions.listLive(userId, new Date());
  }

  switchOrganization(sessionId: string, organizationId: string) {
    return this.sessions.switchOrganization(sessionId, organizationId);
  }
}
