import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';

export interface NewSession {
  tokenHash: string;
  userId: string;
  organizationId: string | null;
  method: 'PASSWORD' | 'OIDC';
  pendingSecondFactor: boolean;
  expiresAt: Date;
  ipAddress?: string;
  userAgent?: string;
}

/** Server-side sessions: a row per signed-in browser, found by its token's hash. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: NewSession, tx: Tx = this.prisma) {
    return tx.session.create({ data: { ...data, userAgent: data.userAgent?.slice(0, 256) } });
  }

  findByHash(tokenHash: string) {
    return this.prisma.session.findUnique({ where: { tokenHash } });
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.session.update({ where: { id }, data: { lastSeenAt: now } });
  }

  /** The second factor passed: a new token for the session (the one from before it is worthless). */
  async completeSecondFactor(id: string, tokenHash: string, expiresAt: Date, tx: Tx = this.prisma): Promise<void> {
    await tx.session.update({
      where: { id },
      data: { tokenHash, pendingSecondFactor: false, lastSeenAt: new Date(), expiresAt },
    });
  }

  async switchOrganization(id: string, organizationId: string): Promise<void> {
    await this.prisma.session.update({ where: { id }, data: { organizationId } });
  }

  /** The user's sessions that still might authenticate, newest first. */
  listLive(userId: string, now: Date) {
    return this.prisma.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 100,
    });
  }

  /** Revokes what matches among the user's sessions not ended yet; their ids. */
  async revoke(
    where: { userId: string; id?: string; organizationId?: string; exceptId?: string },
    reason: string,
    tx: Tx = this.prisma,
  ): Promise<string[]> {
    const rows = await tx.session.updateManyAndReturn({
      where: {
        userId: where.userId,
        revokedAt: null,
        expiresAt: { gt: new Date() },
        ...(where.id ? { id: where.id } : {}),
        ...(where.organizationId ? { organizationId: where.organizationId } : {}),
        ...(where.exceptId ? { id: { not: where.exceptId } } : {}),
      },
      data: { revokedAt: new Date(), revokedReason: reason },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }
}
