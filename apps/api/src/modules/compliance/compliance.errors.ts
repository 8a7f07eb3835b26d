import { DomainError } from '../../infra/errors';

export class ComplianceError extends DomainError {
  static bad(field: string, why: string): ComplianceError {
    return new ComplianceError('BAD_USER_INPUT', `${field}: ${why}.`, { field });
  }

  static busy(what: string, retryAfterSeconds = 5): ComplianceError {
    return new ComplianceError('RATE_LIMITED', `${what}; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}
