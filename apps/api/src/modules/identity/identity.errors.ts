import { DomainError } from '../../infra/errors';

export class IdentityError extends DomainError {
  /** Unknown address and wrong password alike: the answer must not tell which accounts exist. */
  static badCredentials(): IdentityError {
    return new IdentityError('UNAUTHENTICATED', 'The email address or password is wrong.');
  }
  static locked(retryAfterSeconds: number): IdentityError {
    return new IdentityError(
      'RATE_LIMITED',
      `Too many failed sign-ins for this address; try again in ${Math.ceil(retryAfterSeconds / 60)} min.`,
      { retryAfterSeconds },
    );
  }
  static badCode(): IdentityError {
    return new IdentityError('UNAUTHENTICATED', 'code: the authenticator code is wrong or was used already.', {
      field: 'code',
    });
  }
  static sessionEnded(why: string): IdentityError {
    return new IdentityError('UNAUTHENTICATED', `Your session has ended (${why}); sign in again.`);
  }
  static notSignedIn(): IdentityError {
    return new IdentityError('UNAUTHENTICATED', 'This needs a signed-in user (a session cookie), not an API key.');
  }
  static noOrganization(): IdentityError {
    return new IdentityError(
      'FORBIDDEN',
      'You are signed in but act in no organisation: accept an invitation, create one, or call switchOrganization.',
    );
  }
  static secondFactorPending(): IdentityError {
    return new IdentityError('UNAUTHENTICATED', 'Enter the code from your authenticator to finish signing in.');
  }
  static csrf(problem: string): IdentityError {
    return new IdentityError('FORBIDDEN', `Refused as a possible cross-site request: ${problem}.`);
  }
  static badInput(field: string, problem: string): IdentityError {
    return new IdentityError('BAD_USER_INPUT', `${field}: ${problem}.`, { field });
  }
  static invitationUnusable(): IdentityError {
    return new IdentityError(
      'BAD_USER_INPUT',
      'token: the invitation is unknown, used, revoked or expired; ask for a new one.',
      { field: 'token' },
    );
  }
  static ssoRefused(why: string): IdentityError {
    return new IdentityError('UNAUTHENTICATED', `Single sign-on refused: ${why}.`);
  }
  static notFound(what: string, id: string): IdentityError {
    return new IdentityError('NOT_FOUND', `${what} ${id} not found.`);
  }
  static lastOwner(): IdentityError {
    return new IdentityError(
      'BAD_USER_INPUT',
      'id: this is the last owner of the organisation; make someone else an owner first.',
      { field: 'id' },
    );
  }
}
