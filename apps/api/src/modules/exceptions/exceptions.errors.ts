import { DomainError } from '../../infra/errors';

export class ExceptionError extends DomainError {
  static invalid(field: string, why: string): ExceptionError {
    return new ExceptionError('BAD_USER_INPUT', `${field}: ${why}.`, { field });
  }
  static tooBroad(role: string): ExceptionError {
    return new ExceptionError(
      'FORBIDDEN',
      `Your role (${role}) may except one named resource in one cluster (clusterId, resourceKind and resourceName); broader exceptions need ADMIN.`,
    );
  }
  static notFound(id: string): ExceptionError {
    return new ExceptionError('NOT_FOUND', `Exception ${id} not found.`);
  }
  static clusterNotFound(id: string): ExceptionError {
    return new ExceptionError('NOT_FOUND', `Cluster ${id} not found.`);
  }
}
