import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OperatorGuard } from '../auth/operator.guard';
import { OrganizationCreated } from './dto/organization.object';
import { OrganizationsService } from './organizations.service';

@Resolver()
export class OrganizationsResolver {
  constructor(private readonly organizations: OrganizationsService) {}

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
