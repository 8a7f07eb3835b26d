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
  static tooManyRefusals(retryAfterSeconds: number): AuthError {
    return new AuthError(
      'RATE_LIMITED',
      `Too many refused credentials from this address; retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
  static keyNotFound(id: string): AuthError {
    return new AuthError('NOT_FOUND', `API key ${id} not found.`);
  }
  static badKeyName(): AuthError {
    return new AuthError('BAD_USER_INPUT', 'name: must be 1 to 100 characters.', { field: 'name' });
  }
  static lastOwner(): AuthError {
    return new AuthError(
      'BAD_USER_INPUT',
      'id: this is the last active OWNER key; create another owner key before revoking it.',
      { field: 'id' },
    );
  }
  static teamRequired(): AuthError {
    return new AuthError('BAD_USER_INPUT', 'teamId: required, as you act for several teams.', { field: 'teamId' });
  }
  static teamNotFound(id: string): AuthError {
    return new AuthError('NOT_FOUND', `Team ${id} not found.`);
  }
  static forbidden(action: string, role: string): AuthError {
    return new AuthError('FORBIDDEN', `Your role (${role}) may not ${action}.`);
  }
}
