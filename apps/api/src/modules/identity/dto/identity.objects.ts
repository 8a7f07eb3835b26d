import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '../../../generated/prisma/enums';
import { DateTime } from '../../../infra/graphql/date-time.scalar';
import '../../../infra/graphql/enums';
import { OrganizationObject } from '../../organizations/dto/organization.object';

@ObjectType('User', { description: 'A person who signs in to Kubeward.' })
export class UserObject {
  @Field(() => ID, { description: 'Id of the user.' })
  id!: string;

  @Field({ description: 'Their email address (lower-case), unique across Kubeward.' })
  email!: string;

  @Field({ description: 'Display name (may be empty).' })
  name!: string;

  @Field({ description: 'Whether signing in with a password also needs a code from an authenticator.' })
  totpEnabled!: boolean;

  @Field({ description: 'Whether they can sign in with a password (else only through an identity provider).' })
  hasPassword!: boolean;

  @Field(() => DateTime, { description: 'When the account was created.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When they last signed in.' })
  lastSignInAt!: Date | null;
}

@ObjectType('Member', { description: 'A person’s membership of the organisation.' })
export class MemberObject {
  @Field(() => ID, { description: 'Id of the membership (not of the user).' })
  id!: string;

  @Field(() => UserObject, { description: 'Who.' })
  user!: UserObject;

  @Field(() => Role, { description: 'What they may do.' })
  role!: Role;

  @Field(() => [ID], {
    nullable: true,
    description: 'The teams their role is limited to; null: it holds over the whole organisation.',
  })
  teamIds!: string[] | null;

  @Field(() => DateTime, { description: 'When they joined.' })
  createdAt!: Date;
}

@InputType({ description: 'A role, over the whole organisation or only some teams’ clusters.' })
export class AccessInput {
  @Field(() => Role, { description: 'What they may do.' })
  role!: Role;

  @Field(() => [ID], {
    nullable: true,
    description: 'Limit the role to these teams’ clusters (not for OWNER); omit for the whole organisation.',
  })
  teamIds?: string[] | null;
}

@ObjectType('Invitation', { description: 'An invitation to join the organisation (never its link, shown once).' })
export class InvitationObject {
  @Field(() => ID, { description: 'Id of the invitation.' })
  id!: string;

  @Field({ description: 'The address it was sent to; only that account can accept it.' })
  email!: string;

  @Field(() => Role, { description: 'The role it grants.' })
  role!: Role;

  @Field(() => [ID], { nullable: true, description: 'The teams the role is limited to; null: organisation-wide.' })
  teamIds!: string[] | null;

  @Field({ description: 'Who invited: "USER:<id>" or "API_KEY:<id>".' })
  invitedBy!: string;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'When its link stops working.' })
  expiresAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it was accepted.' })
  acceptedAt!: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked.' })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new invitation: mailed, or its link shown this once when mail is not configured.' })
export class InvitationCreated {
  @Field(() => InvitationObject, { description: 'The invitation.' })
  invitation!: InvitationObject;

  @Field({ description: 'Whether it was mailed to the address (SMTP_URL is set).' })
  mailed!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The single-use link to pass on yourself, when it was not mailed. Shown once.',
  })
  link!: string | null;
}

@ObjectType('Session', { description: 'A signed-in browser of the user.' })
export class SessionObject {
  @Field(() => ID, { description: 'Id of the session.' })
  id!: string;

  @Field({ description: 'How it signed in: PASSWORD or OIDC.' })
  method!: string;

  @Field({ description: 'Whether it is the session of this request.' })
  current!: boolean;

  @Field(() => DateTime, { description: 'When it signed in.' })
  createdAt!: Date;

  @Field(() => DateTime, { description: 'Its last request (to the minute).' })
  lastSeenAt!: Date;

  @Field(() => DateTime, { description: 'When it ends, however active.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The address it signed in from.' })
  ipAddress!: string | null;

  @Field(() => String, { nullable: true, description: 'The browser it signed in with.' })
  userAgent!: string | null;
}

@ObjectType('ViewerMembership', { description: 'An organisation the user belongs to, and their role there.' })
export class ViewerMembershipObject {
  @Field(() => OrganizationObject, { description: 'The organisation.' })
  organization!: OrganizationObject;

  @Field(() => Role, { description: 'Their role.' })
  role!: Role;

  @Field(() => [ID], { nullable: true, description: 'The teams the role is limited to; null: organisation-wide.' })
  teamIds!: string[] | null;
}

@ObjectType('Viewer', { description: 'The signed-in user and where they act.' })
export class ViewerObject {
  @Field(() => UserObject, { description: 'Who is signed in.' })
  user!: UserObject;

  @Field(() => [ViewerMembershipObject], { description: 'Every organisation they belong to.' })
  memberships!: ViewerMembershipObject[];

  @Field(() => ViewerMembershipObject, {
    nullable: true,
    description: 'The organisation this session acts in (switchOrganization changes it); null: none.',
  })
  current!: ViewerMembershipObject | null;

  @Field(() => [SessionObject], { description: 'Their sessions that have not ended, newest first.' })
  sessions!: SessionObject[];
}

@ObjectType({ description: 'A TOTP secret to add to an authenticator app; enableTotp with a code turns it on.' })
export class TotpEnrolment {
  @Field({ description: 'The secret, base32 (for typing in).' })
  secret!: string;

  @Field({ description: 'An otpauth:// URI (for a QR code).' })
  uri!: string;
}

@ObjectType({ description: 'How many sessions ended.' })
export class SessionsRevoked {
  @Field(() => Int, { description: 'Sessions ended.' })
  count!: number;
}

@ObjectType('GroupMapping', {
  description: 'An identity-provider group and the role it grants (over one team, or all).',
})
export class GroupMappingObject {
  @Field({ description: 'The group, as the provider names it in the groups claim.' })
  group!: string;

  @Field(() => Role, { description: 'The role (never OWNER: owners are made in Kubeward).' })
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'Only over this team’s clusters; null: the whole organisation.' })
  teamId!: string | null;
}

@InputType({ description: 'An identity-provider group and the role it grants.' })
export class GroupMappingInput {
  @Field({ description: 'The group, as the provider names it.' })
  group!: string;

  @Field(() => Role, { description: 'VIEWER, MEMBER or ADMIN.' })
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'Only over this team’s clusters; omit for the whole organisation.' })
  teamId?: string | null;
}

@ObjectType('IdentityProvider', { description: 'The organisation’s OpenID Connect provider for single sign-on.' })
export class IdentityProviderObject {
  @Field({ description: 'The issuer URL (discovery at /.well-known/openid-configuration under it).' })
  issuer!: string;

  @Field({ description: 'Kubeward’s client id at the provider.' })
  clientId!: string;

  @Field({ description: 'Whether a client secret is stored (it is never shown).' })
  hasClientSecret!: boolean;

  @Field(() => [String], { description: 'Only addresses at these domains may sign in; empty: any.' })
  allowedDomains!: string[];

  @Field({ description: 'The ID-token claim listing the user’s groups.' })
  groupsClaim!: string;

  @Field(() => [GroupMappingObject], {
    description: 'Groups and what they grant, applied at every sign-in; empty: roles are managed in Kubeward.',
  })
  groupMappings!: GroupMappingObject[];

  @Field(() => Role, {
    nullable: true,
    description: 'The role of someone the provider vouches for with no invitation (without mappings); null: refused.',
  })
  defaultRole!: Role | null;

  @Field({ description: 'Whether sign-in through it is on.' })
  enabled!: boolean;

  @Field({ description: 'Where people start signing in (a link for the console or a bookmark).' })
  signInUrl!: string;

  @Field({ description: 'The redirect URI to register with the provider.' })
  redirectUri!: string;
}

@InputType({ description: 'The organisation’s OpenID Connect provider.' })
export class IdentityProviderInput {
  @Field({ description: 'The issuer URL (https).' })
  issuer!: string;

  @Field({ description: 'Kubeward’s client id at the provider.' })
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The client secret (stored encrypted); omit to keep the stored one, "" for a public client (PKCE only).',
  })
  clientSecret?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only addresses at these domains may sign in.' })
  allowedDomains?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The claim listing groups; "groups" by default.' })
  groupsClaim?: string | null;

  @Field(() => [GroupMappingInput], { nullable: true, description: 'Groups and the roles they grant.' })
  groupMappings?: GroupMappingInput[] | null;

  @Field(() => Role, {
    nullable: true,
    description: 'The role of anyone else the provider vouches for; null: refused.',
  })
  defaultRole?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether sign-in through it is on; true by default.' })
  enabled?: boolean | null;
}
