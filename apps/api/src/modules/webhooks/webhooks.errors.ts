import { DomainError } from '../../infra/errors';

export class WebhookError extends DomainError {
  static invalidUrl(reason: string): WebhookError {
    return new WebhookError('BAD_USER_INPUT', `Invalid webhook URL: ${reason}`, { field: 'url' });
  }
}
