import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { pageSize, timeIdCursor, toConnection } from '../../infra/graphql/pagination';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireOrgWide, RequireRole } from '../auth/require-role.decorator';
import { RetentionService } from '../retention/retention.service';
import { AuditRepository } from './audit.repository';
import { AuditEntryConnection } from './dto/audit.object';

@Resolver()
@UseGuards(ApiKeyGuard)
export class AuditResolver {
  constructor(
    private readonly audit: AuditRepository,
    private readonly retention: RetentionService,
  ) {}

  @Query(() => AuditEntryConnection, { description: 'Who did what in the organisation, newest first. Admins.' })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  async auditLog(
    @CurrentPrincipal() principal: Principal,
    @Args('action', { nullable: true, description: 'Only this action, e.g. `apiKey.create`.' }) action?: string,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size: 1 to 200, 50 by default.' })
    first?: number,
    @Args('after', { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ): Promise<AuditEntryConnection> {
    const limit = pageSize(first);
    const since = await this.retention.since(principal.organizationId);
    const rows = await this.audit.page(
      principal.organizationId,
      since,
      limit + 1,
      timeIdCursor(after, 'audit'),
      action,
    );
    return toConnection(
      rows,
      limit,
      'audit',
      (r) => [r.at.toISOString(), r.id],
      (r) => ({ ...r, details: r.details as Record<string, unknown> }),
    );
  }
}
