import { Inject, Injectable, Logger } from '@nestjs/common';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { RedisClient } from '../../infra/redis/connection';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError } from '../../infra/errors';
import { domainErrorOf, withStatusOf } from '../../infra/http/domain-error-response';
import { documentProblem } from '../../infra/graphql/document-limits';
import { RequestBudget } from '../../infra/rate-limit';
import { REDIS } from '../../infra/redis/redis.module';
import { safeEqual } from '../../infra/secrets';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { ApiKeysService } from './api-keys.service';
import { AuthError } from './auth.errors';
import type { GqlContext } from './api-key.guard';
import { bearerToken } from './principal';
import { browserRequestProblem } from '../identity/browser-gate';
import { IdentityError } from '../identity/identity.errors';
import { sessionTokenOf } from '../identity/session-cookie';
import { SessionsService } from '../identity/sessions.service';

/** Refused credentials per client address per minute (`AUTH_FAILURES_PER_MINUTE`). */
@Injectable()
export class RefusalRateLimiter extends RequestBudget {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient) {
    super(redis, 'auth-refusals', config.graphql.authFailuresPerMinute, (s) => AuthError.tooManyRefusals(s));
  }
}

/**
 * What stands in front of GraphQL, cheapest check first, so that a request costs us work only in
 * proportion to what its sender has proved: credentials before the body is read (no credentials,
 * or refused ones, never reach the parser; refusals are rate-limited per address), then a bounded
 * body, then the document's size in tokens and fields before validation, whose cost grows
 * quadratically with fields. The principal it finds is the one resolvers' guards use.
 */
@Injectable()
export class GraphqlGate {
  private readonly logger = new Logger('graphql-gate');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly keyBudget: ApiKeyRateLimiter,
    private readonly refusals: RefusalRateLimiter,
    private readonly sessions: SessionsService,
  ) {}

  /** The middlewares, in order, for `app.use('/graphql', …)`. */
  handlers(): RequestHandler[] {
    const parseJson = json({ limit: this.config.graphql.maxBodyBytes });
    const limits = this.config.graphql;
    return [
      this.authenticator(),
      (req, res, next) =>
        parseJson(req, res, (err?: unknown) => (err ? this.refuse(res, bodyError(err, limits.maxBodyBytes)) : next())),
      (req, res, next) => {
        const query = req.method === 'GET' ? req.query['query'] : (req.body as { query?: unknown } | undefined)?.query;
        const problem = documentProblem(query, limits);
        if (problem) return this.refuse(res, new DomainError('BAD_USER_INPUT', problem));
        next();
      },
    ];
  }

  /**
   * Credentials alone (API key, or a console session from the console's origin): for GraphQL and
   * for the other routes that answer as GraphQL does (CSV exports).
   */
  authenticator(): RequestHandler {
    return (req, res, next) => void this.authenticate(req, res, next);
  }

  private async authenticate(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const token = bearerToken(req.headers.authorization);
      const cookie = token ? undefined : sessionTokenOf(req.headers.cookie);
      if (cookie) return await this.authenticateSession(req, cookie, next);
      const operator = this.config.security.operatorToken;
      // The operator's own operations are checked by OperatorGuard; nothing else accepts this token.
      if (token && operator && safeEqual(token, operator)) return next();
      const principal = await this.apiKeys.authenticate(token, req.ip);
      await this.keyBudget.consume(principal.actor.id);
      (req as GqlContext['req']).principal = principal;
      next();
    } catch (err) {
      let error = err;
      if (err instanceof DomainError && err.code === 'UNAUTHENTICATED') {
        try {
          await this.refusals.consume(req.ip ?? 'unknown');
        } catch (limited) {
          error = limited;
        }
      }
      this.refuse(res, error);
    }
  }

  /**
   * A browser's session: the request must come from the console (CSRF) before the session is
   * even looked up. The user's budget is the one an API key has.
   */
  private async authenticateSession(req: Request, token: string, next: NextFunction): Promise<void> {
    const problem = browserRequestProblem(this.config, req);
    if (problem) throw IdentityError.csrf(problem);
    const signedIn = await this.sessions.authenticate(token);
    await this.keyBudget.consume(`user:${signedIn.userId}`);
    const gqlReq = req as GqlContext['req'];
    gqlReq.identity = { userId: signedIn.userId, sessionId: signedIn.sessionId };
    if (signedIn.principal) gqlReq.principal = signedIn.principal;
    next();
  }

  /** A GraphQL-shaped error with the HTTP status its code means; the body is never read further. */
  private refuse(res: Response, thrown: unknown): void {
    let error = domainErrorOf(thrown, this.logger);
    if (!error) {
      this.logger.error({ err: thrown }, 'unhandled error in front of GraphQL');
      error = new DomainError('INTERNAL', 'Internal error');
    }
    // Whatever is left of the body is not worth reading.
    if (!res.req.complete) res.setHeader('Connection', 'close');
    withStatusOf(res, error).json({
      errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }],
    });
  }
}

function bodyError(err: unknown, limit: number): DomainError {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new DomainError(
      'PAYLOAD_TOO_LARGE',
      `The GraphQL request exceeds ${limit} bytes (GRAPHQL_MAX_BODY_BYTES); send variables, not inlined data.`,
    );
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DomainError('BAD_USER_INPUT', 'The GraphQL request must be UTF-8 JSON without Content-Encoding.');
  }
  return new DomainError('BAD_USER_INPUT', `The GraphQL request is not valid JSON: ${(err as Error).message}`);
}
