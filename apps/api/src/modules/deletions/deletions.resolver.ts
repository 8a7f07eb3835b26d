import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { OperatorGuard } from '../auth/operator.guard';
import type { Principal } from '../auth/principal';
import { RequireOrgWide } from '../auth/require-role.decorator';
import { DeletionsService } from './deletions.service';
import { DeletionObject } from './dto/deletion.object';

@Resolver(() => DeletionObject)
export class DeletionsResolver {
  constructor(private readonly deletions: DeletionsService) {}

  @Query(() => [DeletionObject], {
    description:
      "The organisation's deleted clusters whose history is being removed, or was in the last PURGE_KEEP_FINISHED_DAYS (30), newest first.",
  })
  @UseGuards(ApiKeyGuard)
  @RequireOrgWide()
  clusterDeletions(@CurrentPrincipal() principal: Principal): Promise<DeletionObject[]> {
    return this.deletions.list(principal);
  }

  @Mutation(() => DeletionObject, {
    description:
      'Deletes an organisation: at once its API keys and agent tokens stop working and its webhooks stop; everything it had is then removed in the background. For the SaaS operator (operator token).',
  })
  @UseGuards(OperatorGuard)
  deleteOrganization(
    @Args('id', { type: () => ID, description: 'The organisation to delete.' }) id: string,
  ): Promise<DeletionObject> {
    return this.deletions.deleteOrganization(id);
  }

  @Query(() => DeletionObject, {
    description:
      'How the removal of a deleted organisation (or cluster) stands. For the SaaS operator (operator token).',
  })
  @UseGuards(OperatorGuard)
  deletion(@Args('id', { type: () => ID, description: 'The deletion.' }) id: string): Promise<DeletionObject> {
    return this.deletions.find(id);
  }
}
