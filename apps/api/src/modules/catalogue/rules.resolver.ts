import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { RULES } from '@kubeward/rules';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RuleObject } from './rule.object';

const CATALOGUE: RuleObject[] = RULES.map((r) => ({
  id: r.id,
  title: r.title,
  area: r.area,
  practice: r.practice,
  severity: r.severity,
  rationale: r.rationale,
  remediation: r.remediation,
  references: r.references.map((ref) => ({
    framework: ref.framework,
    level: 'level' in ref ? ref.level : null,
    control: 'control' in ref ? ref.control : null,
    section: 'section' in ref ? ref.section : null,
  })),
  needs: [...r.needs],
}));

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
}
