import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../infra/prisma/prisma.service';

@Injectable()
export class ClustersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the cluster and its first agent token together; null when the name is taken. */
  async createWithToken(organizationId: string, name: string, token: { prefix: string; hash: string }) {
    try {
      return await this.prisma.cluster.create({
        data: { organizationId, name, agentTokens: { create: { organizationId, ...token } } },
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  list(organizationId: string) {
    return this.prisma.cluster.findMany({ where: { organizationId }, orderBy: { name: 'asc' } });
  }

  /** A token that is not revoked and, if rotated away, still inside its grace period. */
  findUsableToken(hash: string, now: Date) {
    return this.prisma.agentToken.findFirst({
      where: { hash, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { id: true, clusterId: true, organizationId: true, lastUsedAt: true },
    });
  }

  async touchToken(id: string, now: Date): Promise<void> {
    await this.prisma.agentToken.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
