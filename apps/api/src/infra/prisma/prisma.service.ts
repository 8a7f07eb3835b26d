import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { PrismaClient, type Prisma } from '../../generated/prisma/client';

/** Client options that may emit query events (LOG_SQL). */
type QueryEvents = Prisma.PrismaClientOptions & { log: { emit: 'event'; level: 'query' }[] };

/** A statement as the client sent it: its text with placeholders, and its values as JSON. */
export type SqlStatement = Pick<Prisma.QueryEvent, 'query' | 'params' | 'duration'>;

/**
 * The connection pool, with an 'error' listener on every connection for its whole life. pg-pool
 * takes its own listener off a connection while it is checked out, and the holder adds one only
 * after its promise settles: an error in between (a server restart's "terminating connection"
 * arriving in the same packet as the connection's readiness) with no listener would crash the
 * process. The query in flight still fails on its own, and the pool drops the connection.
 */
export function connectionPool(config: AppConfig['database']): pg.Pool {
  const logger = new Logger('PostgreSQL');
  const lost = (err: Error) => logger.warn({ reason: err.message }, 'connection lost');
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    application_name: config.applicationName ?? 'kubeward',
  });
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  return pool;
}

@Injectable()
export class PrismaService extends PrismaClient<QueryEvents> implements OnApplicationShutdown {
  private readonly statementListeners = new Set<(statement: SqlStatement) => void>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      adapter: new PrismaPg(connectionPool(config.database), { disposeExternalPool: true }),
      // Off by default: building every statement's event costs time on every query.
      log: config.database.logSql ? [{ emit: 'event' as const, level: 'query' as const }] : [],
    });
    if (config.database.logSql) {
      const logger = new Logger('SQL');
      this.$on('query', (e) => {
        // Values stay out of the log: they hold payloads, hashes and customer data.
        logger.debug({ sql: e.query, ms: e.duration }, 'statement');
        for (const listen of this.statementListeners) listen(e);
      });
    }
  }

  /** Calls `listener` with every statement sent (only with LOG_SQL); returns how to stop. */
  onStatement(listener: (statement: SqlStatement) => void): () => void {
    this.statementListeners.add(listener);
    return () => this.statementListeners.delete(listener);
  }

  /**
   * Last, not at module destroy: queue workers, scheduled tasks and the outbox stop in the
   * shutdown phase and may still write until then (global modules such as this one shut down
   * after the feature modules). A query after $disconnect silently opens a new pool that nothing
   * would ever close.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

/** The client a transaction callback receives. */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
