import { DomainError } from '../../infra/errors';

export class FindingsError extends DomainError {
  /** Another organisation's id answers exactly like a missing one. */
  static clusterNotFound(id: string): FindingsError {
    return new FindingsError('NOT_FOUND', `Cluster ${id} not found.`);
  }
}
