import { Injectable } from '@nestjs/common';
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
}
