import { DomainError } from '../../infra/errors';

export class OrganizationError extends DomainError {
  static invalidName(): OrganizationError {
    return new OrganizationError('BAD_USER_INPUT', 'name must be 1 to 100 characters.', { field: 'name' });
  }
}
