import { DomainError } from '../../infra/errors';

export class WebhookError extends DomainError {
  static input(field: string, message: string): WebhookError {
    return new WebhookError('BAD_USER_INPUT', `Invalid ${field}: ${message}`, { field });
  }

  static invalidUrl(reason: string): WebhookError {
    return WebhookError.input('url', reason);
  }
}
