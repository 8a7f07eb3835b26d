import { DomainError } from '../../infra/errors';

export class ClusterError extends DomainError {
  static invalidToken(): ClusterError {
    return new ClusterError(
      'UNAUTHENTICATED',
      'The cluster token is invalid, revoked or rotated away: install the current token in the agent.',
    );
  }
  static nameTaken(name: string): ClusterError {
    return new ClusterError('CONFLICT', `A cluster named "${name}" already exists in this organisation.`);
  }
}
