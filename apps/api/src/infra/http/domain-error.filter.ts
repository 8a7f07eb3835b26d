import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { domainErrorOf, withStatusOf } from './domain-error-response';

/** REST endpoints (ingest, health): DomainError → status + JSON body; a dependency down → 503; anything unknown → 500. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(thrown: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw thrown;
    const res = host.switchToHttp().getResponse<Response>();
    const error = domainErrorOf(thrown, this.logger);
    if (error) {
      withStatusOf(res, error).json({ error: error.code, message: error.message, ...error.details });
      return;
    }
    if (thrown instanceof HttpException) {
      res.status(thrown.getStatus()).json({ error: 'HTTP_ERROR', message: thrown.message });
      return;
    }
    this.logger.error({ err: thrown }, 'unhandled error');
    res.status(500).json({ error: 'INTERNAL', message: 'Internal error' });
  }
}
