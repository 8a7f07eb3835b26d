import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { CreateExceptionInput, ExceptionObject } from './dto/exception.object';
import { ExceptionsService } from './exceptions.service';

@Resolver(() => ExceptionObject)
@UseGuards(ApiKeyGuard)
export class ExceptionsResolver {
  constructor(private readonly service: ExceptionsService) {}

  @Query(() => [ExceptionObject], { description: "The organisation's exceptions, soonest to expire first." })
  exceptions(
    @CurrentPrincipal() principal: Principal,
    @Args('includeInactive', {
      defaultValue: false,
      description: 'Also the revoked and expired ones.',
    })
    includeInactive: boolean,
  ): Promise<ExceptionObject[]> {
    return this.service.list(principal, includeInactive);
  }

  @Mutation(() => ExceptionObject, {
    description: 'Accepts a risk until a date at most a year away: its findings leave the score and alerts. Members.',
  })
  @RequireRole('MEMBER')
  createException(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'What to except, why, who owns it, until when.' }) input: CreateExceptionInput,
  ): Promise<ExceptionObject> {
    return this.service.create(principal, input);
  }

  @Mutation(() => ExceptionObject, { description: 'Ends an exception now. Members.' })
  @RequireRole('MEMBER')
  revokeException(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: 'The exception to end.' }) id: string,
  ): Promise<ExceptionObject> {
    return this.service.revoke(principal, id);
  }
}
