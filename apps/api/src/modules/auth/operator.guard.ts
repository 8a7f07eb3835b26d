import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { safeEqual } from '../../infra/secrets';
import { AuthError } from './auth.errors';
import type { GqlContext } from './api-key.guard';
import { bearerToken } from './principal';

/** The SaaS operator's operations: the bearer must be OPERATOR_TOKEN, and it must be configured. */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { req } = GqlExecutionContext.create(context).getContext<GqlContext>();
    const expected = this.config.security.operatorToken;
    const given = bearerToken(req.headers.authorization);
    if (!expected || !given || !safeEqual(given, expected)) {
      throw AuthError.unauthenticated('This operation needs the operator token.');
    }
    return true;
  }
}
