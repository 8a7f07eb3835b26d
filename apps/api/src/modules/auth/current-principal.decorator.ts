import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GqlContext } from './api-key.guard';
import type { Principal } from './principal';

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = GqlExecutionContext.create(context).getContext<GqlContext>().req.principal;
  if (!principal) throw new Error('CurrentPrincipal used without ApiKeyGuard');
  return principal;
});
