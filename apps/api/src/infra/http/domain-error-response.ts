import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS } from '../errors';
import { isDependencyDown, unavailable } from '../unavailable';

/**
 * What a thrown value means to an HTTP client: a DomainError as it is, a dependency that is down
 * as UNAVAILABLE (logged as a warning); null for anything else, which the caller answers as it must.
 */
export function domainErrorOf(thrown: unknown, logger: Logger): DomainError | null {
  if (thrown instanceof DomainError) return thrown;
  if (!isDependencyDown(thrown)) return null;
  logger.warn({ err: (thrown as Error).message }, 'dependency unavailable');
  return unavailable();
}

/** The response with the error's status and its Retry-After, if it has one; the body is the caller's. */
export function withStatusOf(res: Response, error: DomainError): Response {
  const retryAfter = error.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', retryAfter);
  return res.status(HTTP_STATUS[error.code]);
}
