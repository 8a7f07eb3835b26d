import { DomainError } from '../../infra/errors';

export class ClusterError extends DomainError {
  static invalidToken(): ClusterError {
    return new ClusterError(
      'UNAUTHENTICATED',
      'The cluster token is invalid, revoked or rotated away: install the current token in the agent.',
    );
  }
  static invalidName(): ClusterError {
    return new ClusterError(
      'BAD_USER_INPUT',
      'name must be 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit.',
      { field: 'name' },
    );
  }
  static nameTaken(name: string): ClusterError {
    // BAD_USER_INPUT, not CONFLICT: the client's to fix, and GraphQL clients get one fixed set of codes.
    return new ClusterError('BAD_USER_INPUT', `name: a cluster named "${name}" already exists in this organisation.`, {
      field: 'name',
    });
  }
  static reevaluationsLimited(retryAfterSeconds: number): ClusterError {
    return new ClusterError(
      'RATE_LIMITED',
      `Too many re-evaluations requested for this cluster; retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
  static nothingToEvaluate(): ClusterError {
    return new ClusterError(
      'BAD_USER_INPUT',
      'clusterId: the cluster has no snapshot to evaluate again yet (its agent has not reported).',
      { field: 'clusterId' },
    );
  }
  static noPublicApiUrl(): ClusterError {
    return new ClusterError(
      'UNAVAILABLE',
      'installManifests: this server has no PUBLIC_API_URL (the https URL agents reach it at); the operator must set it before install manifests can be rendered. The cluster and its agent token are registered.',
    );
  }
  static agentCaUnreadable(why: string): ClusterError {
    return new ClusterError(
      'UNAVAILABLE',
      `installManifests: AGENT_CA_FILE is set but ${why}; the operator must fix it before install manifests can be rendered. The cluster and its agent token are registered.`,
    );
  }
  static notFound(): ClusterError {
    return new ClusterError('NOT_FOUND', 'No such cluster.');
  }
}
