import { Injectable } from '@nestjs/common';
import type { FindingStatus } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';

@Injectable()
export class FindingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  clusterExists(organizationId: string, clusterId: string) {
    return this.prisma.cluster.count({ where: { id: clusterId, organizationId } }).then((n) => n > 0);
  }

  list(organizationId: string, clusterId: string, status?: FindingStatus) {
    return this.prisma.finding.findMany({
      where: { organizationId, clusterId, ...(status ? { status } : {}) },
      orderBy: [
        { severity: 'desc' },
        { ruleId: 'asc' },
        { resourceNamespace: 'asc' },
        { resourceName: 'asc' },
        { id: 'asc' },
      ],
      take: 500,
    });
  }
}
