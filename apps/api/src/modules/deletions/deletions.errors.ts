import { DomainError } from '../../infra/errors';

export class DeletionError extends DomainError {
  static organizationNotFound(): DeletionError {
    return new DeletionError('NOT_FOUND', 'No such organisation (or it is already deleted).');
  }
  static notFound(): DeletionError {
    return new DeletionError('NOT_FOUND', 'No such deletion.');
  }
}
