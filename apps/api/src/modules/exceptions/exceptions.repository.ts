import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { OrgScope } from '../auth/scope';

export type ExceptionSelector = Pick<
  Prisma.RiskExceptionUncheckedCreateInput,
  'clusterId' | 'ruleId' | 'namespace' | 'resourceKind' | 'resourceName'
>;

/** Accepted risks: each operation is one statement. */
@Injectable()
export class ExceptionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  /** The organisation's exceptions, soonest expiry first; only those in force unless `includeInactive`; none of `hiddenClusters`. */
  list(organizationId: OrgScope, includeInactive: boolean, hiddenClusters: string[], now: Date) {
    return this.prisma.riskException.findMany({
      where: {
        organizationId,
        ...(includeInactive ? {} : { revokedAt: null, expiresAt: { gt: now } }),
        ...(hiddenClusters.length > 0 ? { OR: [{ clusterId: null }, { clusterId: { notIn: hiddenClusters } }] } : {}),
      },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Those that apply at `now`. */
  active(organizationId: OrgScope, now: Date) {
    return this.prisma.riskException.findMany({
      where: { organizationId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { id: 'asc' },
    });
  }

  find(organizationId: OrgScope, id: string) {
    return this.prisma.riskException.findFirst({ where: { id, organizationId } });
  }

  create(
    tx: Tx,
    data: ExceptionSelector & {
      organizationId: OrgScope;
      reason: string;
      owner: string;
      expiresAt: Date;
      createdBy: string;
    },
  ) {
    return tx.riskException.create({ data });
  }

  revoke(tx: Tx, id: string, at: Date) {
    return tx.riskException.update({ where: { id }, data: { revokedAt: at } });
  }
}
