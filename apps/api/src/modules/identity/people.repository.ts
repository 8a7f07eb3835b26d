import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client';
import type { Role } from '../../generated/prisma/enums';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { OrgScope } from '../auth/scope';

const MEMBER_INCLUDE = { user: true, teams: { select: { teamId: true } } } as const;

/** Users, their memberships of organisations, and invitations to join one. */
@Injectable()
export class PeopleRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  findUserByEmail(email: string, tx: Tx = this.prisma) {
    return tx.user.findUnique({ where: { email } });
  }

  findUser(id: string) {
    return this.prisma.user.findUnique({ where: { id } });
  }

  createUser(data: { email: string; name: string; passwordHash: string | null }, tx: Tx = this.prisma) {
    return tx.user.create({ data });
  }

  async updateUser(
    id: string,
    data: {
      passwordHash?: string;
      name?: string;
      lastSignInAt?: Date;
      totpSecretCiphertext?: string | null;
      totpEnabledAt?: Date | null;
      totpLastStep?: bigint | null;
    },
    tx: Tx = this.prisma,
  ): Promise<void> {
    await tx.user.update({ where: { id }, data });
  }

  /**
   * Records a TOTP time step as used unless one as new was already: false when the code was
   * spent already (by a replay, or a concurrent request with the same code).
   */
  async spendTotpStep(userId: string, step: bigint): Promise<boolean> {
    const n = await this.prisma.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return n.count === 1;
  }

  /** The user's membership of a live organisation, with its teams. */
  membership(userId: string, organizationId: string) {
    return this.prisma.membership.findFirst({
      where: { userId, organizationId, organization: { deletedAt: null } },
      include: { teams: { select: { teamId: true } } },
    });
  }

  async isMember(organizationId: string, userId: string, tx: Tx = this.prisma): Promise<boolean> {
    return (await tx.membership.count({ where: { organizationId, userId } })) > 0;
  }

  /** The user's memberships of live organisations, oldest first. */
  membershipsOf(userId: string) {
    return this.prisma.membership.findMany({
      where: { userId, organization: { deletedAt: null } },
      include: { organization: true, teams: { select: { teamId: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  listMembers(organizationId: OrgScope) {
    return this.prisma.membership.findMany({
      where: { organizationId },
      include: MEMBER_INCLUDE,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  findMember(organizationId: OrgScope, id: string, tx: Tx = this.prisma) {
    return tx.membership.findFirst({ where: { id, organizationId }, include: MEMBER_INCLUDE });
  }

  /** The organisation's owners, locked: two demotions cannot both see another owner. */
  async ownerMembershipIds(organizationId: OrgScope, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Membership" WHERE "organizationId" = ${organizationId}::uuid AND role = 'OWNER' FOR UPDATE`;
    return rows.map((r) => r.id);
  }

  async addMember(
    data: { organizationId: string; userId: string; role: Role; teamScoped: boolean; teamIds: string[] },
    tx: Tx,
  ) {
    const { teamIds, ...membership } = data;
    return tx.membership.create({
      data: { ...membership, teams: { create: teamIds.map((teamId) => ({ teamId })) } },
      include: MEMBER_INCLUDE,
    });
  }

  async updateMember(id: string, data: { role: Role; teamScoped: boolean; teamIds?: string[] }, tx: Tx): Promise<void> {
    await tx.membership.update({ where: { id }, data: { role: data.role, teamScoped: data.teamScoped } });
    if (data.teamIds) {
      await tx.teamMember.deleteMany({ where: { membershipId: id } });
      await tx.teamMember.createMany({ data: data.teamIds.map((teamId) => ({ teamId, membershipId: id })) });
    }
  }

  async removeMember(id: string, tx: Tx): Promise<void> {
    await tx.membership.delete({ where: { id } });
  }

  /** Which of these ids are teams of the organisation. */
  async teamsOf(organizationId: OrgScope, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.team.findMany({
      where: { organizationId, id: { in: [...ids] } },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** A live organisation's identity provider, found by the organisation's slug (sign-in links name it). */
  identityProviderBySlug(slug: string) {
    return this.prisma.identityProvider.findFirst({
      where: { organization: { slug, deletedAt: null } },
      include: { organization: true },
    });
  }

  identityProviderOf(organizationId: string) {
    return this.prisma.identityProvider.findFirst({
      where: { organizationId, organization: { deletedAt: null } },
      include: { organization: true },
    });
  }

  async saveIdentityProvider(
    organizationId: OrgScope,
    data: {
      issuer: string;
      clientId: string;
      clientSecretCiphertext?: string | null;
      allowedDomains: string[];
      groupsClaim: string;
      groupMappings: Prisma.InputJsonValue;
      defaultRole: Role | null;
      enabled: boolean;
    },
    tx: Tx,
  ): Promise<void> {
    await tx.identityProvider.upsert({
      where: { organizationId },
      create: { organizationId, ...data },
      update: data,
    });
  }

  async removeIdentityProvider(organizationId: OrgScope, tx: Tx): Promise<boolean> {
    return (await tx.identityProvider.deleteMany({ where: { organizationId } })).count > 0;
  }

  /** A pending invitation of the address to the organisation, if any. */
  pendingInvitation(organizationId: string, email: string, now: Date) {
    return this.prisma.invitation.findFirst({
      where: { organizationId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
    });
  }

  async createPasswordReset(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.prisma.passwordReset.create({ data: { userId, tokenHash, expiresAt } });
  }

  findPasswordReset(tokenHash: string) {
    return this.prisma.passwordReset.findUnique({ where: { tokenHash }, include: { user: true } });
  }

  /** Marks the reset used, once: false if it was used or expired meanwhile. */
  async spendPasswordReset(id: string, now: Date, tx: Tx): Promise<boolean> {
    const n = await tx.passwordReset.updateMany({
      where: { id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return n.count === 1;
  }

  createInvitation(
    data: {
      organizationId: OrgScope;
      email: string;
      role: Role;
      teamScoped: boolean;
      teamIds: string[];
      tokenHash: string;
      invitedBy: string;
      expiresAt: Date;
    },
    tx: Tx,
  ) {
    return tx.invitation.create({ data });
  }

  listInvitations(organizationId: OrgScope) {
    return this.prisma.invitation.findMany({
      where: { organizationId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 500,
    });
  }

  findInvitation(organizationId: OrgScope, id: string) {
    return this.prisma.invitation.findFirst({ where: { id, organizationId } });
  }

  findInvitationByHash(tokenHash: string) {
    return this.prisma.invitation.findUnique({ where: { tokenHash }, include: { organization: true } });
  }

  /** Marks the invitation used, once: false if it was accepted, revoked or expired meanwhile. */
  async spendInvitation(id: string, userId: string, now: Date, tx: Tx): Promise<boolean> {
    const n = await tx.invitation.updateMany({
      where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: userId },
    });
    return n.count === 1;
  }

  async revokeInvitation(id: string, now: Date, tx: Tx): Promise<void> {
    await tx.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
  }
}
