import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireOrgWide, RequireRole } from '../auth/require-role.decorator';
import { TeamObject } from './dto/team.object';
import { TeamsService } from './teams.service';

@Resolver(() => TeamObject)
@UseGuards(ApiKeyGuard)
export class TeamsResolver {
  constructor(private readonly service: TeamsService) {}

  @Query(() => [TeamObject], {
    description: 'The organisation’s teams (a team-scoped caller sees their own), by name.',
  })
  teams(@CurrentPrincipal() principal: Principal): Promise<TeamObject[]> {
    return this.service.list(principal);
  }

  @Mutation(() => TeamObject, { description: 'Creates a team. Org-wide admins.' })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  createTeam(
    @CurrentPrincipal() principal: Principal,
    @Args('name', { description: '1 to 100 characters, unique in the organisation.' }) name: string,
    @Args('description', { nullable: true, description: 'What the team does (at most 500 characters).' })
    description?: string,
  ): Promise<TeamObject> {
    return this.service.create(principal, name, description ?? '');
  }

  @Mutation(() => TeamObject, { description: 'Renames a team or changes its description. Org-wide admins.' })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  updateTeam(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The team.' }) id: string,
    @Args('name', { nullable: true, description: 'A new name.' }) name?: string,
    @Args('description', { nullable: true, description: 'A new description.' }) description?: string,
  ): Promise<TeamObject> {
    return this.service.update(principal, id, { name, description });
  }

  @Mutation(() => TeamObject, {
    description:
      'Deletes a team that owns no cluster nor alert endpoint; its API keys stop working, its members keep only their other teams. Org-wide admins.',
  })
  @RequireRole('ADMIN')
  @RequireOrgWide()
  deleteTeam(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The team.' }) id: string,
  ): Promise<TeamObject> {
    return this.service.delete(principal, id);
  }
}
