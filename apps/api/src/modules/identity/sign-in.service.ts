import { Inject, Injectable } from '@nestjs/common';
import { verify as verifyTotp } from 'otplib';
import { type RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { sharedLimiter } from '../../infra/rate-limit';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import type { RedisClient } from '../../infra/redis/connection';
import { REDIS } from '../../infra/redis/redis.module';
import { decrypt, hashToken } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import { RefusalAuditService } from '../audit/refusal-audit.service';
import { normaliseEmail } from './emails';
import { IdentityError } from './identity.errors';
import { verifyPassword } from './passwords';
import { PeopleRepository } from './people.repository';
import { type RequestMeta, SessionsService } from './sessions.service';

export interface SessionIssued {
  token: string;
  maxAgeMs: number;
  secondFactorRequired: boolean;
}

/**
 * Password sign-in and its second factor. Failures are counted per address whether or not an
 * account has it, in Redis so every replica sees them: the lock looks the same for an unknown
 * address, and answers never tell which accounts exist.
 */
@Injectable()
export class SignInService {
  private readonly failures: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: RedisClient,
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
    private readonly refusals: RefusalAuditService,
  ) {
    // maxFailures within the lockout period lock the address until that period from the first ends.
    this.failures = sharedLimiter(
      redis,
      'sign-in-failures',
      config.identity.maxFailures,
      Math.ceil(config.identity.lockoutMs / 1000),
    );
  }

  async withPassword(rawEmail: string, password: string, meta: RequestMeta): Promise<SessionIssued> {
    const email = normaliseEmail(rawEmail);
    if (!email) throw IdentityError.badInput('email', 'is not an email address');
    const key = hashToken(email);
    await this.refuseIfLocked(key);
    const user = await this.people.findUserByEmail(email);
    if (!(await verifyPassword(user?.passwordHash ?? null, password))) {
      await this.failed(key, user, 'wrong password', meta);
      throw IdentityError.badCredentials();
    }
    const pending = user!.totpEnabledAt !== null;
    if (!pending) await this.failures.delete(key);
    return this.open(user!, 'PASSWORD', pending, meta);
  }

  /** The second step: a code from the user's authenticator, each good once. */
  async withSecondFactor(sessionToken: string | undefined, code: string, meta: RequestMeta): Promise<SessionIssued> {
    const session = await this.sessions.pending(sessionToken);
    const user = await this.people.findUser(session.userId);
    if (!user?.totpSecretCiphertext || !user.totpEnabledAt) throw IdentityError.secondFactorPending();
    const key = hashToken(user.email);
    await this.refuseIfLocked(key);
    const step = await this.totpStep(user.totpSecretCiphertext, code, user.totpLastStep);
    if (step === null || !(await this.people.spendTotpStep(user.id, step))) {
      await this.failed(key, user, 'wrong second factor', meta);
      throw IdentityError.badCode();
    }
    await this.failures.delete(key);
    const issued = await this.sessions.completeSecondFactor(session.id);
    await this.signedIn(user.id, session.organizationId, 'PASSWORD+TOTP', meta);
    return { ...issued, secondFactorRequired: false };
  }

  /** The time step of a valid, unused code, or null. */
  async totpStep(secretCiphertext: string, code: string, lastStep: bigint | null): Promise<bigint | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const secret = decrypt(this.config.security.encryptionKey, secretCiphertext);
    const result = await verifyTotp({
      secret,
      token: code,
      // One step either way for clock drift, never a step already spent.
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: Number(lastStep) } : {}),
    });
    return result.valid && 'timeStep' in result ? BigInt(result.timeStep) : null;
  }

  /** A session for a user whose credential is proven; the organisation is their oldest membership. */
  async open(
    user: { id: string },
    method: 'PASSWORD' | 'OIDC',
    pendingSecondFactor: boolean,
    meta: RequestMeta,
    organizationId?: string,
  ): Promise<SessionIssued> {
    const org = organizationId ?? (await this.people.membershipsOf(user.id))[0]?.organizationId ?? null;
    const issued = await this.sessions.start(user, org, method, pendingSecondFactor, meta);
    if (!pendingSecondFactor) await this.signedIn(user.id, org, method, meta);
    return { token: issued.token, maxAgeMs: issued.maxAgeMs, secondFactorRequired: pendingSecondFactor };
  }

  private async signedIn(userId: string, organizationId: string | null, method: string, meta: RequestMeta) {
    await this.people.updateUser(userId, { lastSignInAt: new Date() });
    if (organizationId) {
      await this.audit.record({
        organizationId,
        actor: { type: 'USER', id: userId },
        action: 'user.signIn',
        target: { type: 'User', id: userId },
        details: { method, address: meta.ip ?? null },
      });
    }
  }

  private async refuseIfLocked(key: string): Promise<void> {
    const state = await this.failures.get(key);
    if (state && state.consumedPoints >= this.config.identity.maxFailures) {
      throw IdentityError.locked(state.msBeforeNext / 1000);
    }
  }

  /** Counts the failure against the address, and audits it in each organisation of the account. */
  private async failed(key: string, user: { id: string } | null, reason: string, meta: RequestMeta): Promise<void> {
    if (user) {
      for (const m of await this.people.membershipsOf(user.id)) {
        this.refusals.note({
          organizationId: m.organizationId,
          action: 'user.signInFailed',
          actor: { type: 'USER', id: user.id },
          target: { type: 'User', id: user.id },
          reason,
          address: meta.ip,
          at: new Date(),
        });
      }
    } else {
      this.refusals.credential('user', null);
    }
    try {
      await this.failures.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) return; // the lock is told at the next attempt
      throw err;
    }
  }
}
