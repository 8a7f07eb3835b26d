import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/** The shared state the metrics gauges show: counts, read on the metrics schedule. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async sharedCounts(): Promise<{ staleClusters: number; pendingDeletions: number }> {
    const staleClusters = await this.prisma.cluster.count({ where: { staleSince: { not: null }, deletedAt: null } });
    const pendingDeletions = await this.prisma.deletion.count({ where: { finishedAt: null } });
    return { staleClusters, pendingDeletions };
  }
}
