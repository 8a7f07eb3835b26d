import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { isUuid } from '../../infra/ids';
import { Mailer } from '../../infra/mail/mailer';
import { hashToken, newToken } from '../../infra/secrets';
import { AuditRepository } from '../audit/audit.repository';
import { AuthError } from '../auth/auth.errors';
import { actorRef, assertOrgWide, hasRole, type Principal } from '../auth/principal';
import { normaliseEmail } from './emails';
import { IdentityError } from './identity.errors';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { PeopleRepository } from './people.repository';
import { type RequestMeta, SessionsService } from './sessions.service';
import { type SessionIssued, SignInService } from './sign-in.service';
import { type Access, accessOfMembership } from './sso-access';

export type { Access } from './sso-access';

/** Members of an organisation, and invitations to become one. */
@Injectable()
export class MembersService {
  private readonly logger = new Logger(MembersService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsService,
    private readonly signIn: SignInService,
    private readonly audit: AuditRepository,
    private readonly mailer: Mailer,
  ) {}

  /** Org-wide roles see every member; a team-scoped one sees the members of their teams. */
  async list(principal: Principal) {
    const members = await this.people.listMembers(principal.organizationId);
    const teams = principal.teamIds;
    if (teams === null) return members;
    return members.filter((m) => m.teams.some((t) => teams.includes(t.teamId)));
  }

  /** What the caller may grant: at most their own role; OWNER never scoped to teams; real teams. */
  private async checkAccess(principal: Principal, access: Access): Promise<void> {
    if (!hasRole(principal, access.role)) throw AuthError.forbidden(`grant ${access.role}`, principal.role);
    if (access.teamIds === null) return;
    if (access.role === 'OWNER') throw IdentityError.badInput('teamIds', 'an OWNER acts over the whole organisation');
    if (access.teamIds.length === 0)
      throw IdentityError.badInput('teamIds', 'a team-scoped role needs at least one team');
    const unique = [...new Set(access.teamIds)];
    const found = unique.every(isUuid) ? await this.people.teamsOf(principal.organizationId, unique) : [];
    const missing = unique.find((id) => !found.includes(id));
    if (missing) throw IdentityError.notFound('Team', missing);
  }

  /** `origin`: the console's, where the link leads (consoleOrigin). */
  async invite(principal: Principal, rawEmail: string, access: Access, origin: string) {
    assertOrgWide(principal, 'invite');
    const email = normaliseEmail(rawEmail);
    if (!email) throw IdentityError.badInput('email', 'is not an email address');
    await this.checkAccess(principal, access);
    const token = newToken('kwi');
    const invitation = await this.people.transaction(async (tx) => {
      const row = await this.people.createInvitation(
        {
          organizationId: principal.organizationId,
          email,
          role: access.role,
          teamScoped: access.teamIds !== null,
          teamIds: access.teamIds ? [...new Set(access.teamIds)] : [],
          tokenHash: hashToken(token),
          invitedBy: actorRef(principal.actor),
          expiresAt: new Date(Date.now() + this.config.identity.invitationTtlMs),
        },
        tx,
      );
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'invitation.create',
          target: { type: 'Invitation', id: row.id },
          details: { email, role: access.role, teamIds: row.teamIds },
        },
        tx,
      );
      return row;
    });
    const link = `${origin}/accept-invitation#token=${token}`;
    if (!this.mailer.configured) return { invitation, link, mailed: false };
    await this.mailer.send({
      to: email,
      subject: 'You are invited to Kubeward',
      text: [
        `You are invited to join an organisation on Kubeward as ${access.role}.`,
        '',
        `Accept within ${Math.round(this.config.identity.invitationTtlMs / 3_600_000)} hours: ${link}`,
        '',
        'If you did not expect this, ignore this mail.',
      ].join('\n'),
    });
    return { invitation, link: null, mailed: true };
  }

  listInvitations(principal: Principal) {
    assertOrgWide(principal, 'list invitations');
    return this.people.listInvitations(principal.organizationId);
  }

  async revokeInvitation(principal: Principal, id: string) {
    assertOrgWide(principal, 'revoke invitations');
    const row = isUuid(id) ? await this.people.findInvitation(principal.organizationId, id) : null;
    if (!row) throw IdentityError.notFound('Invitation', id);
    await this.people.transaction(async (tx) => {
      await this.people.revokeInvitation(row.id, new Date(), tx);
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'invitation.revoke',
          target: { type: 'Invitation', id: row.id },
          details: { email: row.email },
        },
        tx,
      );
    });
    return (await this.people.findInvitation(principal.organizationId, id))!;
  }

  /**
   * Joins the invitation's organisation. An existing account proves itself by its password or by
   * being the signed-in user; a new one is created with a name and password. Signs in either way.
   */
  async accept(
    token: string,
    input: { name?: string; password?: string },
    signedInUserId: string | null,
    meta: RequestMeta,
  ): Promise<SessionIssued> {
    const invitation = await this.people.findInvitationByHash(hashToken(token));
    const now = new Date();
    const usable =
      invitation &&
      !invitation.acceptedAt &&
      !invitation.revokedAt &&
      invitation.expiresAt > now &&
      !invitation.organization.deletedAt;
    if (!usable) throw IdentityError.invitationUnusable();
    let user = await this.people.findUserByEmail(invitation.email);
    if (user && user.id !== signedInUserId) {
      if (!input.password || !(await verifyPassword(user.passwordHash, input.password))) {
        throw IdentityError.badInput(
          'password',
          `an account exists for ${invitation.email}: sign in as it, or give its password`,
        );
      }
    } else if (!user && signedInUserId) {
      throw IdentityError.badInput('token', 'this invitation is for another address than the one you are signed in as');
    }
    let passwordHash: string | null = null;
    if (!user) {
      const problem = passwordProblem(input.password ?? '', invitation.email);
      if (problem) throw IdentityError.badInput('password', problem);
      passwordHash = await hashPassword(input.password!);
    }
    const name = (input.name ?? '').trim();
    if (name.length > 100) throw IdentityError.badInput('name', 'must be at most 100 characters');
    user = await this.people.transaction(async (tx) => {
      const account = user ?? (await this.people.createUser({ email: invitation.email, name, passwordHash }, tx));
      if (!(await this.people.spendInvitation(invitation.id, account.id, now, tx))) {
        throw IdentityError.invitationUnusable();
      }
      if (await this.people.isMember(invitation.organizationId, account.id, tx))
        throw IdentityError.badInput('token', 'you are a member of this organisation already');
      const membership = await this.people.addMember(
        {
          organizationId: invitation.organizationId,
          userId: account.id,
          role: invitation.role,
          teamScoped: invitation.teamScoped,
          teamIds: invitation.teamIds,
        },
        tx,
      );
      await this.audit.record(
        {
          organizationId: invitation.organizationId,
          actor: { type: 'USER', id: account.id },
          action: 'invitation.accept',
          target: { type: 'Membership', id: membership.id },
          details: { invitationId: invitation.id, role: invitation.role, teamIds: invitation.teamIds },
        },
        tx,
      );
      return account;
    });
    const pending = user.totpEnabledAt !== null && user.id !== signedInUserId;
    return this.signIn.open(user, 'PASSWORD', pending, meta, invitation.organizationId);
  }

  /** Changes a member's role or teams. Not above the caller's role; the last owner stays one. */
  async update(principal: Principal, id: string, access: Access) {
    assertOrgWide(principal, 'change members');
    const member = isUuid(id) ? await this.people.findMember(principal.organizationId, id) : null;
    if (!member) throw IdentityError.notFound('Member', id);
    if (!hasRole(principal, member.role)) throw AuthError.forbidden(`change a ${member.role}`, principal.role);
    await this.checkAccess(principal, access);
    await this.people.transaction(async (tx) => {
      if (member.role === 'OWNER' && access.role !== 'OWNER') await this.keepAnOwner(principal, tx);
      await this.people.updateMember(
        member.id,
        { role: access.role, teamScoped: access.teamIds !== null, teamIds: access.teamIds ?? [] },
        tx,
      );
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'member.update',
          target: { type: 'Membership', id: member.id },
          details: {
            userId: member.userId,
            from: accessOfMembership(member),
            to: access,
          },
        },
        tx,
      );
    });
    return (await this.people.findMember(principal.organizationId, id))!;
  }

  /** Removes a member and ends their sessions in the organisation at once. */
  async remove(principal: Principal, id: string) {
    assertOrgWide(principal, 'remove members');
    const member = isUuid(id) ? await this.people.findMember(principal.organizationId, id) : null;
    if (!member) throw IdentityError.notFound('Member', id);
    if (!hasRole(principal, member.role)) throw AuthError.forbidden(`remove a ${member.role}`, principal.role);
    await this.people.transaction(async (tx) => {
      if (member.role === 'OWNER') await this.keepAnOwner(principal, tx);
      await this.people.removeMember(member.id, tx);
      const ended = await this.sessions.revoke(
        { userId: member.userId, organizationId: principal.organizationId },
        'removed from the organisation',
        tx,
      );
      await this.audit.record(
        {
          organizationId: principal.organizationId,
          actor: principal,
          action: 'member.remove',
          target: { type: 'Membership', id: member.id },
          details: {
            userId: member.userId,
            email: member.user.email,
            role: member.role,
            sessionsRevoked: ended.length,
          },
        },
        tx,
      );
    });
    this.logger.log({ organizationId: principal.organizationId, membershipId: member.id }, 'member removed');
    return member;
  }

  private async keepAnOwner(principal: Principal, tx: Parameters<PeopleRepository['ownerMembershipIds']>[1]) {
    const owners = await this.people.ownerMembershipIds(principal.organizationId, tx);
    if (owners.length <= 1) throw IdentityError.lastOwner();
  }
}
