import { Injectable } from '@nestjs/common';
import type { Binding, Role, Snapshot } from '@kubeward/snapshot';
import { PrismaService } from '../../infra/prisma/prisma.service';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

@Injectable()
export class AccessRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * A cluster's roles and bindings as its newest evaluation left them (the object states drift
   * keeps), or undefined when none has been evaluated yet.
   */
  async rbacOf(clusterId: string): Promise<Pick<Snapshot, 'roles' | 'bindings'> | undefined> {
    const [cluster, rows] = await Promise.all([
      this.prisma.cluster.findUnique({ where: { id: clusterId }, select: { lastEvaluationId: true } }),
      this.prisma.objectState.findMany({
        where: { clusterId, kind: { in: RBAC_KINDS } },
        select: { kind: true, body: true },
        orderBy: { objectKey: 'asc' },
      }),
    ]);
    if (!cluster?.lastEvaluationId) return undefined;
    const roles: Role[] = [];
    const bindings: Binding[] = [];
    for (const row of rows) {
      if (row.kind === 'Role' || row.kind === 'ClusterRole') roles.push(row.body as unknown as Role);
      else bindings.push(row.body as unknown as Binding);
    }
    return { roles, bindings };
  }
}
