import { DomainError } from '../../infra/errors';

export class AuthError extends DomainError {
  static unauthenticated(
    message = 'A valid API key is required: send it as "Authorization: Bearer <key>".',
  ): AuthError {
    return new AuthError('UNAUTHENTICATED', message);
  }
  static rateLimited(retryAfterSeconds: number): AuthError {
    return new AuthError('RATE_LIMITED', `Too many requests for this API key; retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
  static forbidden(action: string, role: string): AuthError {
    return new AuthError('FORBIDDEN', `Your role (${role}) may not ${action}.`);
  }
}
