import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { Role } from '../../generated/prisma/enums';
import { RefusalAuditService } from '../audit/refusal-audit.service';
import { IdentityError } from '../identity/identity.errors';
import { AuthError } from './auth.errors';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { ApiKeysService } from './api-keys.service';
import { bearerToken, hasRole, type Principal } from './principal';
import { ORG_WIDE, REQUIRED_ROLE } from './require-role.decorator';

export interface GqlContext {
  /** `principal`: who acts, in which organisation. `identity`: the signed-in user, if a session authenticated. */
  req: Request & { principal?: Principal; identity?: { userId: string; sessionId: string } };
}

/**
 * Authenticates every GraphQL operation by its API key (or finds the session GraphqlGate did), spends one request of the key's budget,
 * puts the principal on the request, and enforces the resolver's @RequireRole.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly reflector: Reflector,
    private readonly rateLimiter: ApiKeyRateLimiter,
    private readonly refusals: RefusalAuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { req } = GqlExecutionContext.create(context).getContext<GqlContext>();
    if (!req.principal && req.identity) throw IdentityError.noOrganization();
    if (!req.principal) {
      // Once per HTTP request, however many fields the operation selects.
      const principal = await this.apiKeys.authenticate(bearerToken(req.headers.authorization), req.ip);
      await this.rateLimiter.consume(principal.actor.id);
      req.principal = principal;
    }
    const required = this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getHandler()) ?? 'VIEWER';
    if (req.principal.teamIds !== null && this.reflector.get<boolean>(ORG_WIDE, context.getHandler())) {
      const field = GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName;
      throw AuthError.forbidden(`call ${field} (needs an organisation-wide role)`, req.principal.role);
    }
    if (!hasRole(req.principal, required)) {
      const field = GqlExecutionContext.create(context).getInfo<{ fieldName: string }>().fieldName;
      this.refusals.note({
        organizationId: req.principal.organizationId,
        action: 'auth.forbidden',
        actor: req.principal.actor,
        reason: `${field} (needs ${required}, has ${req.principal.role})`,
        address: req.ip,
        at: new Date(),
      });
      throw AuthError.forbidden(`call ${field} (needs ${required})`, req.principal.role);
    }
    return true;
  }
}
