import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../generated/prisma/enums';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';
import { CurrentPrincipal } from './current-principal.decorator';
import { ApiKeyCreated, ApiKeyObject } from './dto/api-key.object';
import type { Principal } from './principal';
import { RequireRole } from './require-role.decorator';

@Resolver(() => ApiKeyObject)
@UseGuards(ApiKeyGuard)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Query(() => [ApiKeyObject], { description: "The organisation's API keys, revoked ones included. Admins." })
  @RequireRole('ADMIN')
  apiKeys(@CurrentPrincipal() principal: Principal): Promise<ApiKeyObject[]> {
    return this.keys.list(principal);
  }

  @Mutation(() => ApiKeyCreated, {
    description: 'Creates an API key (at most your own role) and returns it this once. Admins.',
  })
  @RequireRole('ADMIN')
  async createApiKey(
    @CurrentPrincipal() principal: Principal,
    @Args('name', { description: 'What the key is for (1 to 100 characters).' }) name: string,
    @Args('role', { type: () => Role, description: 'What it may do.' }) role: Role,
    @Args('teamId', {
      type: () => ID,
      nullable: true,
      description: 'A team’s key sees only that team’s clusters (a team’s admin may omit it when they have one team).',
    })
    teamId?: string | null,
  ): Promise<ApiKeyCreated> {
    return this.keys.issue(principal, name, role, teamId ?? null);
  }

  @Mutation(() => ApiKeyObject, {
    description: 'Revokes an API key at once (not one of a higher role, not the last owner key). Admins.',
  })
  @RequireRole('ADMIN')
  revokeApiKey(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The key to revoke.' }) id: string,
  ): Promise<ApiKeyObject> {
    return this.keys.revoke(principal, id);
  }
}
