import { Injectable } from '@nestjs/common';
import type { Role } from '../../generated/prisma/enums';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { OrgScope, Scope } from './scope';

const keysOf = (scope: Scope) => ({
  organizationId: scope.organizationId,
  ...(scope.teamIds ? { teamId: { in: [...scope.teamIds] } } : {}),
});

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(
    data: { organizationId: OrgScope; teamId: string | null; name: string; role: Role; prefix: string; hash: string },
    tx: Tx = this.prisma,
  ) {
    return tx.apiKey.create({ data });
  }

  list(scope: Scope) {
    return this.prisma.apiKey.findMany({ where: keysOf(scope), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** The key if the scope sees it: a team's caller sees its teams' keys only. */
  find(scope: Scope, id: string) {
    return this.prisma.apiKey.findFirst({ where: { id, ...keysOf(scope) } });
  }

  async teamExists(organizationId: OrgScope, id: string): Promise<boolean> {
    return (await this.prisma.team.count({ where: { id, organizationId } })) > 0;
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  /** Active owner keys of the organisation, locked: two revocations cannot both see another owner. */
  async activeOwnerIds(organizationId: OrgScope, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "ApiKey" WHERE "organizationId" = ${organizationId}::uuid AND role = 'OWNER' AND "revokedAt" IS NULL
      FOR UPDATE`;
    return rows.map((r) => r.id);
  }

  revoke(id: string, at: Date, tx: Tx) {
    return tx.apiKey.update({ where: { id }, data: { revokedAt: at } });
  }

  /** The key with this hash, revoked or not (a revoked key's use is audited). */
  findByHash(hash: string) {
    return this.prisma.apiKey.findUnique({ where: { hash } });
  }

  /** Records use at most once a minute, so reads do not turn into a write each. */
  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
