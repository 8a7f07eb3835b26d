import { DomainError } from '../../infra/errors';

export class OrganizationError extends DomainError {
  static invalidName(): OrganizationError {
    return new OrganizationError('BAD_USER_INPUT', 'name must be 1 to 100 characters.', { field: 'name' });
  }
  static invalidSetting(field: string, why: string): OrganizationError {
    return new OrganizationError('BAD_USER_INPUT', `${field}: ${why}.`, { field });
  }
}
