import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, generateURI } from 'otplib';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { isUuid } from '../../infra/ids';
import { encrypt } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import { IdentityError } from './identity.errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { PeopleRepository } from './people.repository';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';
import { accessOfMembership } from './sso-access';

export interface Identity {
  userId: string;
  sessionId: string;
}

const teamIdsOf = (m: Parameters<typeof accessOfMembership>[0]) => accessOfMembership(m).teamIds;

/** What signed-in users do to their own account: organisations, sessions, password, second factor. */
@Injectable()
export class AccountService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsService,
    private readonly signIn: SignInService,
    private readonly audit: AuditRepository,
  ) {}

  private async user(identity: Identity) {
    const user = await this.people.findUser(identity.userId);
    if (!user) throw IdentityError.notSignedIn();
    return user;
  }

  async viewer(identity: Identity, currentOrganizationId: string | null) {
    const [user, memberships, sessions] = await Promise.all([
      this.user(identity),
      this.people.membershipsOf(identity.userId),
      this.sessions.listLive(identity.userId),
    ]);
    const all = memberships.map((m) => ({ organization: m.organization, role: m.role, teamIds: teamIdsOf(m) }));
    return {
      user: userView(user),
      memberships: all,
      current: all.find((m) => m.organization.id === currentOrganizationId) ?? null,
      sessions: sessions.map((s) => ({ ...s, current: s.id === identity.sessionId })),
    };
  }

  /** Acts in another of the user's organisations from the next request on. */
  async switchOrganization(identity: Identity, organizationId: string): Promise<void> {
    const membership = isUuid(organizationId) ? await this.people.membership(identity.userId, organizationId) : null;
    if (!membership) throw IdentityError.notFound('Organization', organizationId);
    await this.sessions.switchOrganization(identity.sessionId, organizationId);
  }

  /** Ends one of the user's sessions, or all of them (this one included). */
  async revokeSessions(identity: Identity, id: string | null, organizationId: string | null): Promise<number> {
    if (id !== null && !isUuid(id)) throw IdentityError.notFound('Session', id);
    const ended = await this.sessions.revoke(
      { userId: identity.userId, ...(id ? { id } : {}) },
      id ? 'revoked by the user' : 'signed out everywhere',
    );
    if (id && ended.length === 0) throw IdentityError.notFound('Session', id);
    await this.audited(identity, organizationId, 'session.revoke', { sessionIds: ended, everywhere: id === null });
    return ended.length;
  }

  /** Changes the password (the current one proves it is the user); their other sessions end. */
  async changePassword(identity: Identity, organizationId: string | null, current: string, next: string) {
    const user = await this.user(identity);
    if (!(await verifyPassword(user.passwordHash, current))) {
      throw IdentityError.badInput('currentPassword', 'is wrong');
    }
    const problem = passwordProblem(next, user.email);
    if (problem) throw IdentityError.badInput('newPassword', problem);
    await this.people.updateUser(user.id, { passwordHash: await hashPassword(next) });
    const ended = await this.sessions.revoke({ userId: user.id, exceptId: identity.sessionId }, 'password changed');
    await this.audited(identity, organizationId, 'user.changePassword', { sessionsRevoked: ended.length });
  }

  /** A new secret, kept until enableTotp proves the authenticator has it. */
  async startTotp(identity: Identity) {
    const user = await this.user(identity);
    if (user.totpEnabledAt) throw IdentityError.badInput('totp', 'is on already; disable it first');
    const secret = generateSecret();
    await this.people.updateUser(user.id, {
      totpSecretCiphertext: encrypt(this.config.security.encryptionKey, secret),
      totpLastStep: null,
    });
    return { secret, uri: generateURI({ issuer: 'Kubeward', label: user.email, secret }) };
  }

  async enableTotp(identity: Identity, organizationId: string | null, code: string): Promise<void> {
    const user = await this.user(identity);
    if (user.totpEnabledAt) throw IdentityError.badInput('totp', 'is on already');
    if (!user.totpSecretCiphertext) throw IdentityError.badInput('totp', 'call startTotpEnrolment first');
    const step = await this.signIn.totpStep(user.totpSecretCiphertext, code, null);
    if (step === null) throw IdentityError.badCode();
    await this.people.updateUser(user.id, { totpEnabledAt: new Date(), totpLastStep: step });
    await this.audited(identity, organizationId, 'user.enableTotp', {});
  }

  async disableTotp(identity: Identity, organizationId: string | null, code: string): Promise<void> {
    const user = await this.user(identity);
    if (!user.totpEnabledAt || !user.totpSecretCiphertext) throw IdentityError.badInput('totp', 'is not on');
    const step = await this.signIn.totpStep(user.totpSecretCiphertext, code, user.totpLastStep);
    if (step === null || !(await this.people.spendTotpStep(user.id, step))) throw IdentityError.badCode();
    await this.people.updateUser(user.id, { totpEnabledAt: null, totpSecretCiphertext: null, totpLastStep: null });
    await this.audited(identity, organizationId, 'user.disableTotp', {});
  }

  /** Account events are audited in the organisation the session acts in. */
  private async audited(identity: Identity, organizationId: string | null, action: string, details: object) {
    if (!organizationId) return;
    await this.audit.record({
      organizationId,
      actor: { type: 'USER', id: identity.userId },
      action,
      target: { type: 'User', id: identity.userId },
      details: { sessionId: identity.sessionId, ...details },
    });
  }
}

export function userView(user: {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  totpEnabledAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    hasPassword: user.passwordHash !== null,
    totpEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
  };
}

export const memberView = (m: {
  id: string;
  role: import('../../generated/prisma/enums').Role;
  teamScoped: boolean;
  teams: { teamId: string }[];
  createdAt: Date;
  user: Parameters<typeof userView>[0];
}) => ({ id: m.id, role: m.role, teamIds: teamIdsOf(m), createdAt: m.createdAt, user: userView(m.user) });

export const invitationView = <T extends { teamScoped: boolean; teamIds: string[] }>(i: T) => ({
  ...i,
  teamIds: i.teamScoped ? i.teamIds : null,
});
