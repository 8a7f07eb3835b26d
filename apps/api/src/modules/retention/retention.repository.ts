import { Injectable } from '@nestjs/common';
import { utc } from '../../infra/prisma/bulk';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { OrgScope } from '../auth/scope';

@Injectable()
export class RetentionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The organisation's own choice of days of history; null: the default. */
  async chosen(organizationId: OrgScope): Promise<number | null> {
    const org = await this.prisma.organization.findUnique({
      where: { id: organizationId },
      select: { historyRetentionDays: true },
    });
    return org?.historyRetentionDays ?? null;
  }

  /** The longest any live organisation chose; null when none chose. */
  async longestChosen(): Promise<number | null> {
    const { _max } = await this.prisma.organization.aggregate({
      where: { deletedAt: null },
      _max: { historyRetentionDays: true },
    });
    return _max.historyRetentionDays;
  }

  /**
   * Deletes up to `limit` findings resolved before `horizon`: what told of them went with their
   * months, and a fingerprint seen again later opens a new finding. Finding is the one table of
   * current state that holds history, so the one place retention deletes rows: a few per run, found
   * by a partial index, and never waiting on a lock for long (a lock not granted fails the run).
   */
  forgetResolvedFindings(horizon: Date, limit: number): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '2s'`);
      return tx.$executeRaw`
        DELETE FROM "Finding" WHERE id = ANY(ARRAY(
          SELECT id FROM "Finding" WHERE status = 'RESOLVED' AND "resolvedAt" < ${utc(horizon)} LIMIT ${limit}))`;
    });
  }
}
