import { Inject, UseGuards } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { ApiKeyGuard, type GqlContext } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireOrgWide, RequireRole } from '../auth/require-role.decorator';
import { AccountService, type Identity, invitationView, memberView } from './account.service';
import {
  AccessInput,
  InvitationCreated,
  InvitationObject,
  MemberObject,
  SessionsRevoked,
  TotpEnrolment,
  ViewerObject,
} from './dto/identity.objects';
import { consoleOrigin } from './browser-gate';
import { type Access, MembersService } from './members.service';
import { CurrentIdentity, SignedInGuard } from './signed-in.guard';
import { SignUpService } from './sign-up.service';
import { OrganizationObject } from '../organizations/dto/organization.object';

type Current = Identity & { organizationId: string | null };

const accessOf = (input: AccessInput): Access => ({ role: input.role, teamIds: input.teamIds ?? null });

/** The signed-in user's own account. */
@Resolver()
@UseGuards(SignedInGuard)
export class ViewerResolver {
  constructor(
    private readonly account: AccountService,
    private readonly signUps: SignUpService,
  ) {}

  @Query(() => ViewerObject, { description: 'The signed-in user, their organisations and sessions. Sessions only.' })
  viewer(@CurrentIdentity() me: Current): Promise<ViewerObject> {
    return this.account.viewer(me, me.organizationId);
  }

  @Mutation(() => OrganizationObject, {
    description:
      'Starts an organisation of your own, with you as its owner, and acts in it (where SELF_SERVICE_SIGNUP allows). Sessions only.',
  })
  startOrganization(
    @CurrentIdentity() me: Current,
    @Args('name', { description: 'Display name of the organisation.' }) name: string,
  ): Promise<OrganizationObject> {
    return this.signUps.startOrganization(me.userId, me.sessionId, name);
  }

  @Mutation(() => ViewerObject, { description: 'Acts in another of your organisations from now on. Sessions only.' })
  async switchOrganization(
    @CurrentIdentity() me: Current,
    @Args('organizationId', { type: () => ID, description: 'One of your organisations.' }) organizationId: string,
  ): Promise<ViewerObject> {
    await this.account.switchOrganization(me, organizationId);
    return this.account.viewer(me, organizationId);
  }

  @Mutation(() => SessionsRevoked, { description: 'Ends one of your sessions (another browser). Sessions only.' })
  async revokeSession(
    @CurrentIdentity() me: Current,
    @Args('id', { type: () => ID, description: 'The session to end.' }) id: string,
  ): Promise<SessionsRevoked> {
    return { count: await this.account.revokeSessions(me, id, me.organizationId) };
  }

  @Mutation(() => SessionsRevoked, {
    description: 'Ends every one of your sessions, this one included. Sessions only.',
  })
  async signOutEverywhere(@CurrentIdentity() me: Current): Promise<SessionsRevoked> {
    return { count: await this.account.revokeSessions(me, null, me.organizationId) };
  }

  @Mutation(() => Boolean, {
    description: 'Changes your password; your other sessions end. Sessions only.',
  })
  async changePassword(
    @CurrentIdentity() me: Current,
    @Args('currentPassword', { description: 'Your password now.' }) currentPassword: string,
    @Args('newPassword', { description: 'At least 12 characters.' }) newPassword: string,
  ): Promise<boolean> {
    await this.account.changePassword(me, me.organizationId, currentPassword, newPassword);
    return true;
  }

  @Mutation(() => TotpEnrolment, {
    description:
      'Starts turning on a second factor: add the secret to an authenticator, then enableTotp. Sessions only.',
  })
  startTotpEnrolment(@CurrentIdentity() me: Current): Promise<TotpEnrolment> {
    return this.account.startTotp(me);
  }

  @Mutation(() => Boolean, {
    description: 'Turns on the second factor with a code from the authenticator. Sessions only.',
  })
  async enableTotp(
    @CurrentIdentity() me: Current,
    @Args('code', { description: 'The 6-digit code shown now.' }) code: string,
  ): Promise<boolean> {
    await this.account.enableTotp(me, me.organizationId, code);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Turns off the second factor, proven by a current code. Sessions only.' })
  async disableTotp(
    @CurrentIdentity() me: Current,
    @Args('code', { description: 'The 6-digit code shown now.' }) code: string,
  ): Promise<boolean> {
    await this.account.disableTotp(me, me.organizationId, code);
    return true;
  }
}

/** The organisation's members and invitations. */
@Resolver()
@UseGuards(ApiKeyGuard)
export class MembersResolver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly service: MembersService,
  ) {}

  @Query(() => [MemberObject], {
    description: 'The organisation’s members (a team-scoped caller sees the members of their teams).',
  })
  async members(@CurrentPrincipal() principal: Principal): Promise<MemberObject[]> {
    return (await this.service.list(principal)).map(memberView);
  }

  @Mutation(() => MemberObject, {
    description: 'Changes a member’s role or teams (not above your own role; an organisation keeps an owner). Admins.',
  })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async updateMember(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The membership.' }) id: string,
    @Args('access', { description: 'The new role and teams.' }) access: AccessInput,
  ): Promise<MemberObject> {
    return memberView(await this.service.update(principal, id, accessOf(access)));
  }

  @Mutation(() => MemberObject, {
    description: 'Removes a member and ends their sessions in the organisation at once. Admins.',
  })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The membership.' }) id: string,
  ): Promise<MemberObject> {
    return memberView(await this.service.remove(principal, id));
  }

  @Query(() => [InvitationObject], { description: 'Invitations, newest first (the last 500). Admins.' })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async invitations(@CurrentPrincipal() principal: Principal): Promise<InvitationObject[]> {
    return (await this.service.listInvitations(principal)).map(invitationView);
  }

  @Mutation(() => InvitationCreated, {
    description: 'Invites someone by email with a role (at most your own): mailed, or the link returned once. Admins.',
  })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async createInvitation(
    @Context() { req }: GqlContext,
    @CurrentPrincipal() principal: Principal,
    @Args('email', { description: 'Who to invite.' }) email: string,
    @Args('access', { description: 'The role they get, and its teams.' }) access: AccessInput,
  ): Promise<InvitationCreated> {
    // The token rides in the fragment: browsers never send it to a server, so no log holds it.
    const created = await this.service.invite(principal, email, accessOf(access), consoleOrigin(this.config, req));
    return { ...created, invitation: invitationView(created.invitation) };
  }

  @Mutation(() => InvitationObject, { description: 'Revokes an invitation not yet accepted. Admins.' })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async revokeInvitation(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The invitation.' }) id: string,
  ): Promise<InvitationObject> {
    return invitationView(await this.service.revokeInvitation(principal, id));
  }
}
