import { UseGuards } from '@nestjs/common';
import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { FindingConnection } from './dto/finding.connection';
import { FindingFilter, FindingGroupBy, FindingOrder } from './dto/finding-query.input';
import { FindingGroupsObject } from './dto/finding-group.object';
import { type FindingPage, FindingsService } from './findings.service';
import { DateTime } from '../../infra/graphql/date-time.scalar';

@Resolver(() => FindingConnection)
@UseGuards(ApiKeyGuard)
export class FindingsResolver {
  constructor(private readonly findingsService: FindingsService) {}

  @Query(() => FindingConnection, {
    description:
      "The organisation's findings, most severe first: open now, or open at a point in time (`at`), filtered and paged.",
  })
  findings(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => FindingFilter, nullable: true, description: 'Which findings.' })
    filter?: FindingFilter,
    @Args('at', {
      type: () => DateTime,
      nullable: true,
      description: 'Answer as of this time: the findings open then, at the severity they had then.',
    })
    at?: Date,
    @Args('orderBy', { type: () => FindingOrder, nullable: true, description: 'Sort order; SEVERITY by default.' })
    orderBy?: FindingOrder,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size: 1 to 200, 50 by default.' })
    first?: number,
    @Args('after', { nullable: true, description: 'The `endCursor` of the previous page.' }) after?: string,
  ): Promise<FindingPage> {
    return this.findingsService.page(principal, { filter, at, orderBy, first, after });
  }

  @Query(() => FindingGroupsObject, {
    description:
      "The organisation's findings (open now, or at `at`) grouped by rule, practice, namespace, workload or cluster, most severe first.",
  })
  findingGroups(
    @CurrentPrincipal() principal: Principal,
    @Args('by', { type: () => FindingGroupBy, description: 'What to group by.' }) by: FindingGroupBy,
    @Args('filter', { type: () => FindingFilter, nullable: true, description: 'Which findings.' })
    filter?: FindingFilter,
    @Args('at', { type: () => DateTime, nullable: true, description: 'As of this time (open findings only).' })
    at?: Date,
    @Args('first', { type: () => Int, nullable: true, description: 'How many groups: 1 to 500, 50 by default.' })
    first?: number,
  ): Promise<FindingGroupsObject> {
    return this.findingsService.groups(principal, { filter, at, by, first });
  }

  @ResolveField(() => Int, { description: 'How many findings match, over all pages (counted only when asked).' })
  totalCount(@Parent() page: FindingPage): Promise<number> {
    return this.findingsService.count(page);
  }
}
