import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { FrameworkObject } from './framework.object';
import { FRAMEWORK_OBJECTS, findFramework } from './frameworks';

@Resolver(() => FrameworkObject)
@UseGuards(ApiKeyGuard)
export class FrameworksResolver {
  @Query(() => [FrameworkObject], {
    description: 'The compliance frameworks Kubeward reports on, with their controls and the rules that judge them.',
  })
  frameworks(): readonly FrameworkObject[] {
    return FRAMEWORK_OBJECTS;
  }

  @Query(() => FrameworkObject, { description: 'One framework.' })
  framework(@Args('id', { description: 'e.g. cis-1.10.' }) id: string): FrameworkObject {
    return findFramework(id).object;
  }
}
