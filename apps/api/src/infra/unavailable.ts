import { DomainError } from './errors';

/** Error codes that mean "Postgres or Redis is not there right now", not "this request is wrong". */
const DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTCONN',
  // Prisma: cannot reach the server, connection closed, pool timeout.
  'P1001',
  'P1017',
  'P2024',
  // PostgreSQL: shutting down, cannot connect now, connection failures.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const DOWN_MESSAGES =
  /Connection terminated|Connection is closed|connect ECONNREFUSED|terminating connection|DatabaseNotReachable|the database system is (starting up|shutting down)|Can't reach database server/i;

/** Whether an error (or anything in its cause chain) says a dependency is down. */
export function isDependencyDown(error: unknown): boolean {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 6;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === 'string' && DOWN_CODES.has(code)) return true;
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed') return true;
    if (typeof message === 'string' && DOWN_MESSAGES.test(message)) return true;
  }
  return false;
}

/** What the client is told: retry soon (503 over HTTP, UNAVAILABLE in GraphQL). */
export const unavailable = (): DomainError =>
  new DomainError('UNAVAILABLE', 'Kubeward is briefly unavailable (a database is unreachable); retry shortly.', {
    retryAfterSeconds: 5,
  });
