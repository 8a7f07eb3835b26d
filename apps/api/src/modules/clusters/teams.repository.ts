import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { OrgScope, Scope } from '../auth/scope';

@Injectable()
export class TeamsRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  /** The teams a scope sees: all of the organisation's, or its own. */
  list(scope: Scope) {
    return this.prisma.team.findMany({
      where: { organizationId: scope.organizationId, ...(scope.teamIds ? { id: { in: [...scope.teamIds] } } : {}) },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  find(scope: Scope, id: string) {
    if (scope.teamIds && !scope.teamIds.includes(id)) return Promise.resolve(null);
    return this.prisma.team.findFirst({ where: { id, organizationId: scope.organizationId } });
  }

  /** The new team, or null when the name is taken. */
  async create(organizationId: OrgScope, name: string, description: string, tx: Tx) {
    try {
      return await tx.team.create({ data: { organizationId, name, description } });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  async update(id: string, data: { name?: string; description?: string }, tx: Tx) {
    try {
      return await tx.team.update({ where: { id }, data });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  /** What still belongs to the team and stops it being deleted. */
  async holdings(id: string, tx: Tx): Promise<{ clusters: number; endpoints: number }> {
    const [clusters, endpoints] = await Promise.all([
      tx.cluster.count({ where: { teamId: id } }),
      // Its own, and the organisation's routed to it (a deleted team would leave them a dead route).
      tx.webhookEndpoint.count({ where: { OR: [{ teamId: id }, { teamIds: { has: id } }] } }),
    ]);
    return { clusters, endpoints };
  }

  /** Deletes the team; its memberships of it and its API keys go with it. */
  async delete(id: string, tx: Tx): Promise<void> {
    await tx.team.delete({ where: { id } });
  }
}
