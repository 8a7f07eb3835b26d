import { UseGuards } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { FindingStatus } from '../../generated/prisma/enums';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { FindingObject } from './dto/finding.object';
import { FindingsService } from './findings.service';

@Resolver(() => FindingObject)
@UseGuards(ApiKeyGuard)
export class FindingsResolver {
  constructor(private readonly findingsService: FindingsService) {}

  @Query(() => [FindingObject], { description: "A cluster's findings, most severe first." })
  findings(
    @CurrentPrincipal() principal: Principal,
    @Args('clusterId', { type: () => ID, description: 'The cluster to list findings of.' }) clusterId: string,
    @Args('status', { type: () => FindingStatus, nullable: true, description: 'Only findings in this status.' })
    status?: FindingStatus,
  ): Promise<FindingObject[]> {
    return this.findingsService.list(principal, clusterId, status);
  }
}
