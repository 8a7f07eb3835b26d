import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError } from '../../infra/errors';
import { Mailer } from '../../infra/mail/mailer';
import type { RedisClient } from '../../infra/redis/connection';
import { REDIS } from '../../infra/redis/redis.module';
import { hashToken, newToken } from '../../infra/secrets';
import { OrganizationsService } from '../organizations/organizations.service';
import { normaliseEmail } from './emails';
import { IdentityError } from './identity.errors';
import { hashPassword, passwordProblem } from './passwords';
import { PeopleRepository } from './people.repository';
import { type RequestMeta, SessionsService } from './sessions.service';
import { type SessionIssued, SignInService } from './sign-in.service';

/** A sign-up link works this long. */
const SIGN_UP_TTL_S = 1_800;

/**
 * Self-service sign-up (SELF_SERVICE_SIGNUP): an account only for an address proven by a mailed
 * link, so nobody can hold an account in someone else's name before they arrive; then the user
 * may start organisations of their own.
 */
@Injectable()
export class SignUpService {
  private readonly logger = new Logger(SignUpService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly people: PeopleRepository,
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    private readonly organizations: OrganizationsService,
    private readonly mailer: Mailer,
  ) {}

  private requireEnabled(): void {
    if (!this.config.identity.selfServiceSignup) {
      throw new DomainError(
        'FORBIDDEN',
        'Sign-up is off on this installation (SELF_SERVICE_SIGNUP); ask for an invitation.',
      );
    }
    if (!this.mailer.configured) {
      throw new DomainError('UNAVAILABLE', 'Sign-up needs mail, which this installation has not configured.');
    }
  }

  private key(token: string): string {
    return `${this.config.redis.prefix}:sign-up:${hashToken(token)}`;
  }

  /** Mails a link to the address; the answer does not say whether it has an account already. */
  async request(rawEmail: string, origin: string): Promise<void> {
    this.requireEnabled();
    const email = normaliseEmail(rawEmail);
    if (!email) throw IdentityError.badInput('email', 'is not an email address');
    void this.send(email, origin).catch((err: Error) =>
      this.logger.warn({ err: { message: err.message } }, 'sign-up mail not sent'),
    );
  }

  private async send(email: string, origin: string): Promise<void> {
    if (await this.people.findUserByEmail(email)) {
      await this.mailer.send({
        to: email,
        subject: 'Your Kubeward account',
        text: `Someone asked to sign up with this address, which has a Kubeward account already.\n\nSign in at ${origin}/sign-in, or reset your password there.`,
      });
      return;
    }
    const token = newToken('kwr');
    await this.redis.set(this.key(token), email, 'EX', SIGN_UP_TTL_S);
    await this.mailer.send({
      to: email,
      subject: 'Finish signing up to Kubeward',
      text: `Choose your password within 30 minutes: ${origin}/sign-up#token=${token}\n\nIf you did not ask, ignore this mail.`,
    });
  }

  /** Creates the account of a proven address (the link works once) and signs it in. */
  async complete(token: string, name: string, password: string, meta: RequestMeta): Promise<SessionIssued> {
    this.requireEnabled();
    const email = await this.redis.getdel(this.key(token));
    if (!email) throw IdentityError.badInput('token', 'the sign-up link is unknown, used or expired; sign up again');
    const problem = passwordProblem(password, email);
    if (problem) {
      // The link stays good for another try.
      await this.redis.set(this.key(token), email, 'EX', SIGN_UP_TTL_S);
      throw IdentityError.badInput('password', problem);
    }
    const user = await this.people.transaction(async (tx) => {
      if (await this.people.findUserByEmail(email, tx)) {
        throw IdentityError.badInput('token', 'this address has an account already; sign in');
      }
      return this.people.createUser(
        { email, name: name.trim().slice(0, 100), passwordHash: await hashPassword(password) },
        tx,
      );
    });
    return this.signIn.open(user, 'PASSWORD', false, meta);
  }

  /** A signed-in user's own new organisation, which their session then acts in. */
  async startOrganization(userId: string, sessionId: string, name: string) {
    if (!this.config.identity.selfServiceSignup) {
      throw new DomainError(
        'FORBIDDEN',
        'Organisations are created by the operator on this installation (SELF_SERVICE_SIGNUP is off).',
      );
    }
    const organization = await this.organizations.createForUser(name, userId);
    await this.sessions.switchOrganization(sessionId, organization.id);
    return organization;
  }
}
