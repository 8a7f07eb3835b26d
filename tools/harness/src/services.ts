import { startPostgres, type PostgresServer } from './postgres';
import { startRedis, type RedisServer } from './redis';

export interface StartOptions {
  postgres?: boolean;
  redis?: boolean;
  /** A durable PostgreSQL (see PostgresOptions). */
  durable?: boolean;
}

export interface Services {
  postgres?: PostgresServer;
  redis?: RedisServer;
  stop(): Promise<void>;
}

/**
 * Starts what the caller needs (both by default) on free loopback ports, or uses DATABASE_URL /
 * REDIS_URL when they are set. Everything started here is killed when the process exits.
 */
export async function startServices(options: StartOptions = {}): Promise<Services> {
  const wantPg = options.postgres ?? true;
  const wantRedis = options.redis ?? true;
  const [postgres, redis] = await Promise.all([
    wantPg ? startPostgres({ durable: options.durable }) : undefined,
    wantRedis ? startRedis() : undefined,
  ]);
  return {
    postgres,
    redis,
    stop: async () => {
      await Promise.all([postgres?.stop(), redis?.stop()]);
    },
  };
}
