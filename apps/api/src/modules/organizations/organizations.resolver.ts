import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ApiKeysService } from '../auth/api-keys.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Me } from '../auth/dto/api-key.object';
import { OperatorGuard } from '../auth/operator.guard';
import type { Principal } from '../auth/principal';
import { RequireOrgWide, RequireRole } from '../auth/require-role.decorator';
import { OrganizationSettingsObject, UpdateOrganizationSettingsInput } from './dto/settings.object';
import { OrganizationCreated } from './dto/organization.object';
import { OrganizationsService } from './organizations.service';

@Resolver()
export class OrganizationsResolver {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @Query(() => Me, {
    description: 'Who is calling: the organisation, the API key (or, signed in, see viewer), role and teams.',
  })
  @UseGuards(ApiKeyGuard)
  async me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    const { actor } = principal;
    const [organization, apiKey] = await Promise.all([
      this.organizations.get(principal.organizationId),
      actor.type === 'API_KEY' ? this.apiKeys.get(principal, actor.id) : null,
    ]);
    return { organization, apiKey, role: principal.role, teamIds: principal.teamIds };
  }

  @Query(() => OrganizationSettingsObject, { description: "The organisation's settings." })
  @UseGuards(ApiKeyGuard)
  organizationSettings(@CurrentPrincipal() principal: Principal): Promise<OrganizationSettingsObject> {
    return this.organizations.settings(principal.organizationId);
  }

  @Mutation(() => OrganizationSettingsObject, {
    description:
      'Changes trusted registries, severity overrides or platform alerting (applied from the next evaluation; admins), or how long history is kept (owners).',
  })
  @UseGuards(ApiKeyGuard)
  @RequireRole('ADMIN')
  @RequireOrgWide()
  updateOrganizationSettings(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'What to change.' }) input: UpdateOrganizationSettingsInput,
  ): Promise<OrganizationSettingsObject> {
    return this.organizations.updateSettings(principal, input);
  }

  @Mutation(() => OrganizationCreated, {
    description: 'Creates an organisation with its first owner key. For the SaaS operator (operator token).',
  })
  @UseGuards(OperatorGuard)
  async createOrganization(
    @Args('name', { description: 'Display name of the organisation.' }) name: string,
  ): Promise<OrganizationCreated> {
    const { organization, ownerKey } = await this.organizations.create(name);
    return { organization, ownerApiKey: ownerKey };
  }
}
