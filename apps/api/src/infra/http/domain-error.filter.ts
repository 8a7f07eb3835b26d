import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS } from '../errors';

/** REST endpoints (ingest, health): DomainError → status + JSON body; anything unknown → 500. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number') res.setHeader('Retry-After', retryAfter);
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
