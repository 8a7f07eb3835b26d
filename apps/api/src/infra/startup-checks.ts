import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../config/config';

export class StartupError extends Error {
  override name = 'StartupError';
}

const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
};

/** Fails fast, naming what is unreachable, instead of letting the process hang on retries. */
export async function checkDependencies(config: AppConfig, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: config.database.url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new StartupError(`PostgreSQL is not reachable at ${where(config.database.url)}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  // Each server named (a cluster's seed nodes each): a start-up fails on the one that is away.
  for (const url of config.redis.nodes) {
    const redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      throw new StartupError(`Redis is not reachable at ${where(url)}: ${(err as Error).message}`);
    } finally {
      redis.disconnect();
    }
  }
}
