import { Inject, Injectable } from '@nestjs/common';
import { json, type Request, type RequestHandler, type Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DomainError } from '../../infra/errors';
import { withStatusOf } from '../../infra/http/domain-error-response';
import { RequestBudget } from '../../infra/rate-limit';
import type { RedisClient } from '../../infra/redis/connection';
import { REDIS } from '../../infra/redis/redis.module';
import { CSRF_HEADER, csrfProblem, originOf } from './csrf';
import { IdentityError } from './identity.errors';

/** Sign-in attempts per client address per minute (SIGN_IN_ATTEMPTS_PER_MINUTE). */
@Injectable()
export class SignInAttemptLimiter extends RequestBudget {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(REDIS) redis: RedisClient) {
    super(
      redis,
      'sign-in-attempts',
      config.identity.attemptsPerMinute,
      (s) =>
        new DomainError('RATE_LIMITED', `Too many sign-in attempts from this address; retry in ${s} s.`, {
          retryAfterSeconds: s,
        }),
    );
  }
}

/** The origin browsers must send from: the console's, or else the request's own. */
export function consoleOrigin(config: AppConfig, req: Request): string {
  return config.identity.consoleUrl ? originOf(config.identity.consoleUrl) : `${req.protocol}://${req.get('host')}`;
}

/** Why a browser's request may be forged, or null (see csrfProblem). */
export function browserRequestProblem(config: AppConfig, req: Request): string | null {
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  return csrfProblem(
    { origin: header('origin'), fetchSite: header('sec-fetch-site'), hasHeader: header(CSRF_HEADER) !== undefined },
    consoleOrigin(config, req),
  );
}

/**
 * In front of /auth: every attempt spends the address's budget, must come from the console (a
 * forged sign-in is an attack too: it signs the victim in as the attacker), and has a small body.
 */
@Injectable()
export class BrowserGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attempts: SignInAttemptLimiter,
  ) {}

  /** The address's attempt budget alone. */
  budget(): RequestHandler {
    return (req, res, next) => {
      this.attempts.consume(req.ip ?? 'unknown').then(
        () => next(),
        (err: unknown) => refuse(res, err),
      );
    };
  }

  handlers(): RequestHandler[] {
    const parseJson = json({ limit: '16kb' });
    return [
      (req, res, next) => {
        void (async () => {
          try {
            await this.attempts.consume(req.ip ?? 'unknown');
            const problem = browserRequestProblem(this.config, req);
            if (problem) throw IdentityError.csrf(problem);
            next();
          } catch (err) {
            refuse(res, err);
          }
        })();
      },
      (req, res, next) =>
        parseJson(req, res, (err?: unknown) =>
          err ? refuse(res, new DomainError('BAD_USER_INPUT', 'The body must be JSON of at most 16 KiB.')) : next(),
        ),
    ];
  }
}

function refuse(res: Response, err: unknown): void {
  const error = err instanceof DomainError ? err : new DomainError('UNAVAILABLE', 'Sign-in is unavailable; retry.');
  if (!res.req.complete) res.setHeader('Connection', 'close');
  withStatusOf(res, error).json({ error: error.code, message: error.message, ...error.details });
}
