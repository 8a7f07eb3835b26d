import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { ApiKeysService } from './api-keys.service';
import { bearerToken, type Principal } from './principal';

export interface GqlContext {
  req: Request & { principal?: Principal };
}

/** Authenticates every GraphQL operation by its API key and puts the principal on the request. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly apiKeys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { req } = GqlExecutionContext.create(context).getContext<GqlContext>();
    req.principal ??= await this.apiKeys.authenticate(bearerToken(req.headers.authorization));
    return true;
  }
}
