import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  find(id: string) {
    return this.prisma.organization.findUniqueOrThrow({ where: { id } });
  }

  saveSettings(id: string, settings: object, historyRetentionDays: number | null, tx: Tx) {
    return tx.organization.update({ where: { id }, data: { settings, historyRetentionDays } });
  }

  create(data: { name: string; slug: string }, tx: Tx) {
    return tx.organization.create({ data });
  }

  /**
   * How many organisations exist (deleted ones being purged included), counted under a lock that
   * first-run bootstraps take in turn: of two at once, the second sees the first's.
   */
  async countForBootstrap(tx: Tx): Promise<number> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('kubeward:bootstrap', 0))`;
    return tx.organization.count();
  }
}
