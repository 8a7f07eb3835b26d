import { DomainError } from '../../infra/errors';

export class FindingsError extends DomainError {
  /** Another organisation's id answers exactly like a missing one. */
  static clusterNotFound(id: string): FindingsError {
    return new FindingsError('NOT_FOUND', `Cluster ${id} not found.`);
  }

  static badFilter(field: string, why: string): FindingsError {
    return new FindingsError('BAD_USER_INPUT', `${field}: ${why}.`, { field });
  }
}
