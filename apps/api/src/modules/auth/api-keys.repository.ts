import { Injectable } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(
    data: { organizationId: string; name: string; role: Role; prefix: string; hash: string },
    tx: Tx = this.prisma,
  ) {
    return tx.apiKey.create({ data });
  }

  findActiveByHash(hash: string) {
    return this.prisma.apiKey.findFirst({ where: { hash, revokedAt: null } });
  }

  /** Records use at most once a minute, so reads do not turn into a write each. */
  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
