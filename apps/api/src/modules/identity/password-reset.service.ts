import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { sharedLimiter } from '../../infra/rate-limit';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError } from '../../infra/errors';
import { Mailer } from '../../infra/mail/mailer';
import type { RedisClient } from '../../infra/redis/connection';
import { REDIS } from '../../infra/redis/redis.module';
import { hashToken, newToken } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import { normaliseEmail } from './emails';
import { IdentityError } from './identity.errors';
import { hashPassword, passwordProblem } from './passwords';
import { PeopleRepository } from './people.repository';
import { SessionsService } from './sessions.service';

/** Reset mails per address per hour: enough for a lost mail or two, not a mail bomb. */
const RESETS_PER_HOUR = 3;

/** Forgotten passwords: a single-use, expiring link by mail. */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly perAddress: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: RedisClient,
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditRepository,
    private readonly mailer: Mailer,
  ) {
    this.perAddress = sharedLimiter(redis, 'password-resets', RESETS_PER_HOUR, 3_600);
  }

  /**
   * Mails a link if the address has an account with a password. The answer is the same either
   * way and does not wait for the mail, so neither it nor its timing tells who has an account.
   */
  async request(rawEmail: string, origin: string): Promise<void> {
    if (!this.mailer.configured) {
      throw new DomainError('UNAVAILABLE', 'Password reset needs mail, which this installation has not configured.');
    }
    const email = normaliseEmail(rawEmail);
    if (!email) throw IdentityError.badInput('email', 'is not an email address');
    void this.send(email, origin).catch((err: Error) =>
      this.logger.warn({ err: { message: err.message } }, 'password reset mail not sent'),
    );
  }

  private async send(email: string, origin: string): Promise<void> {
    const user = await this.people.findUserByEmail(email);
    if (!user?.passwordHash) return;
    const allowed = await this.perAddress.consume(hashToken(email)).then(
      () => true,
      () => false,
    );
    if (!allowed) return;
    const token = newToken('kwr');
    const ttl = this.config.identity.passwordResetTtlMs;
    await this.people.createPasswordReset(user.id, hashToken(token), new Date(Date.now() + ttl));
    await this.mailer.send({
      to: email,
      subject: 'Reset your Kubeward password',
      text: [
        'Someone asked to reset the password of your Kubeward account.',
        '',
        `Choose a new one within ${Math.round(ttl / 60_000)} minutes: ${origin}/reset-password#token=${token}`,
        '',
        'If it was not you, ignore this mail: your password stays as it is.',
      ].join('\n'),
    });
  }

  /** Sets the new password once per link; every session of the account ends. */
  async complete(token: string, password: string): Promise<void> {
    const reset = await this.people.findPasswordReset(hashToken(token));
    const now = new Date();
    if (!reset || reset.usedAt || reset.expiresAt <= now) {
      throw IdentityError.badInput('token', 'the reset link is unknown, used or expired; ask for a new one');
    }
    const problem = passwordProblem(password, reset.user.email);
    if (problem) throw IdentityError.badInput('password', problem);
    const passwordHash = await hashPassword(password);
    const memberships = await this.people.membershipsOf(reset.userId);
    await this.people.transaction(async (tx) => {
      if (!(await this.people.spendPasswordReset(reset.id, now, tx))) {
        throw IdentityError.badInput('token', 'the reset link is unknown, used or expired; ask for a new one');
      }
      await this.people.updateUser(reset.userId, { passwordHash }, tx);
      const ended = await this.sessions.revoke({ userId: reset.userId }, 'password reset', tx);
      for (const m of memberships) {
        await this.audit.record(
          {
            organizationId: m.organizationId,
            actor: { type: 'USER', id: reset.userId },
            action: 'user.resetPassword',
            target: { type: 'User', id: reset.userId },
            details: { sessionsRevoked: ended.length },
          },
          tx,
        );
      }
    });
  }
}
