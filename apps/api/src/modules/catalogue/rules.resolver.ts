import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RuleObject } from './rule.object';
import { CATALOGUE, ruleById } from './catalogue';

@Resolver(() => RuleObject)
@UseGuards(ApiKeyGuard)
export class RulesResolver {
  @Query(() => [RuleObject], { description: 'The rule catalogue, by id.' })
  rules(
    @Args('area', { nullable: true, description: 'Only rules of this area.' }) area?: string,
    @Args('practice', { nullable: true, description: 'Only rules of this practice.' }) practice?: string,
  ): RuleObject[] {
    return CATALOGUE.filter((r) => (!area || r.area === area) && (!practice || r.practice === practice)).sort((a, b) =>
      a.id.localeCompare(b.id),
    );
  }

  @Query(() => RuleObject, { description: 'One rule of the catalogue.' })
  rule(@Args('id', { description: 'The rule’s id, e.g. privileged-container.' }) id: string): RuleObject {
    return ruleById(id);
  }
}
