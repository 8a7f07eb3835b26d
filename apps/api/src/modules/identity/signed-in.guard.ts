import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GqlContext } from '../auth/api-key.guard';
import type { Identity } from './account.service';
import { IdentityError } from './identity.errors';

const requestOf = (context: ExecutionContext) => GqlExecutionContext.create(context).getContext<GqlContext>().req;

/** Operations on the signed-in user's own account: a session is required, an API key will not do. */
@Injectable()
export class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!requestOf(context).identity) throw IdentityError.notSignedIn();
    return true;
  }
}

/** The session's user (SignedInGuard), and the organisation it acts in, if any. */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Identity & { organizationId: string | null } => {
    const req = requestOf(context);
    if (!req.identity) throw new Error('CurrentIdentity used without SignedInGuard');
    return { ...req.identity, organizationId: req.principal?.organizationId ?? null };
  },
);
