import { DomainError } from '../../infra/errors';

export class OrganizationError extends DomainError {
  static invalidName(): OrganizationError {
    return new OrganizationError('BAD_USER_INPUT', 'name must be 1 to 100 characters.', { field: 'name' });
  }
  static alreadyBootstrapped(organizations: number): OrganizationError {
    return new OrganizationError(
      'CONFLICT',
      `bootstrap creates the first organisation only, and this database has ${organizations}: create more with the createOrganization mutation (operator token), or a key with createApiKey (an owner).`,
    );
  }
  static invalidSetting(field: string, why: string): OrganizationError {
    return new OrganizationError('BAD_USER_INPUT', `${field}: ${why}.`, { field });
  }
}
