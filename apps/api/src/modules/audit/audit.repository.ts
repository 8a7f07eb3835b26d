import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import type { ActorType } from '../../generated/prisma/enums';
import { olderThan } from '../../infra/graphql/pagination';
import { newId } from '../../infra/prisma/bulk';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';
import type { Principal } from '../auth/principal';
import type { OrgScope } from '../auth/scope';

export interface AuditEntry {
  organizationId: string;
  /** A caller's principal, or who else acted. */
  actor: Principal | { type: ActorType; id?: string };
  /** `<noun>.<verb>`, e.g. `apiKey.create`. */
  action: string;
  target?: { type: string; id: string };
  /** Safe facts about the change (never a secret). */
  details?: Record<string, unknown>;
}

/** Who did what, per organisation: written in the transaction of the change when there is one. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async record(entry: AuditEntry, tx: Tx = this.prisma): Promise<void> {
    const actor = 'actor' in entry.actor ? entry.actor.actor : entry.actor;
    await tx.auditLog.create({
      data: {
        organizationId: entry.organizationId,
        actorType: actor.type,
        actorId: actor.id ?? null,
        action: entry.action,
        targetType: entry.target?.type ?? null,
        targetId: entry.target?.id ?? null,
        details: (entry.details ?? {}) as Prisma.InputJsonValue,
      },
    });
  }

  /**
   * Records the entry unless the organisation is deleted (or being purged: its log is going);
   * whether it was written. For what happens outside any change: refusals.
   */
  async recordIfLive(entry: Omit<AuditEntry, 'actor'> & { actor: { type: ActorType; id?: string } }): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      INSERT INTO "AuditLog" (id, at, "organizationId", "actorType", "actorId", action, "targetType", "targetId", details)
      SELECT ${newId()}::uuid, (now() AT TIME ZONE 'UTC'), o.id, ${entry.actor.type}::"ActorType", ${entry.actor.id ?? null}, ${entry.action},
             ${entry.target?.type ?? null}, ${entry.target?.id ?? null}, ${JSON.stringify(entry.details ?? {})}::jsonb
      FROM "Organization" o WHERE o.id = ${entry.organizationId}::uuid AND o."deletedAt" IS NULL`;
    return n > 0;
  }

  /** Newest first, keyset-paged by (at, id), back to `since` (what the organisation keeps). */
  page(organizationId: OrgScope, since: Date, limit: number, after?: { at: Date; id: string }, action?: string) {
    return this.prisma.auditLog.findMany({
      where: {
        organizationId,
        at: { gte: since },
        ...(action ? { action } : {}),
        ...olderThan('at', after),
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }
}
