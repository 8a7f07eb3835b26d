import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { PostureOverviewObject } from './dto/posture.objects';
import { PostureRepository } from './posture.repository';

@Resolver(() => PostureOverviewObject)
@UseGuards(ApiKeyGuard)
export class PostureResolver {
  constructor(private readonly posture: PostureRepository) {}

  @Query(() => PostureOverviewObject, {
    description: 'Where the organisation (or, for a team, its clusters) stands now, what changed, and the trend.',
  })
  postureOverview(
    @CurrentPrincipal() principal: Principal,
    @Args('trendDays', { type: () => Int, defaultValue: 30, description: 'Days of trend (1 to 366).' })
    trendDays: number,
    @Args('changesHours', {
      type: () => Int,
      defaultValue: 24,
      description: 'Hours of changes to count (1 to 744).',
    })
    changesHours: number,
    @Args('topRules', {
      type: () => Int,
      defaultValue: 10,
      description: 'How many of the most failing rules (1 to 100).',
    })
    topRuleCount: number,
  ): Promise<PostureOverviewObject> {
    return this.posture.overview(principal, trendDays, changesHours, topRuleCount);
  }
}
