import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS } from '../errors';
import { isDependencyDown, unavailable } from '../unavailable';

/** REST endpoints (ingest, health): DomainError → status + JSON body; a dependency down → 503; anything unknown → 500. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(thrown: unknown, host: ArgumentsHost): void {
    let error = thrown;
    if (host.getType() !== 'http') throw thrown;
    const res = host.switchToHttp().getResponse<Response>();
    if (!(error instanceof DomainError) && isDependencyDown(error)) {
      this.logger.warn({ err: (error as Error).message }, 'dependency unavailable');
      error = unavailable();
    }
    if (error instanceof DomainError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') res.setHeader('Retry-After', retryAfter);
      res.status(HTTP_STATUS[error.code]).json({ error: error.code, message: error.message, ...error.details });
      return;
    }
    if (error instanceof HttpException) {
      res.status(error.getStatus()).json({ error: 'HTTP_ERROR', message: error.message });
      return;
    }
    this.logger.error({ err: error }, 'unhandled error');
    res.status(500).json({ error: 'INTERNAL', message: 'Internal error' });
  }
}
