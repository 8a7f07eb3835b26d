import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../config/config';
import { sentinelOptions } from './redis/connection';

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
  // A connection lost between statements fails the next one: not an unheard event that crashes.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new StartupError(`PostgreSQL is not reachable at ${where(config.database.url)}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (config.redis.mode === 'sentinel') return checkSentinelMaster(config.redis, timeoutMs);
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

/**
 * The master, found through the sentinels: one sentinel away is what Sentinel is for, so only a
 * master that none of them can name, or that does not answer, fails the start.
 */
async function checkSentinelMaster(config: AppConfig['redis'], timeoutMs: number): Promise<void> {
  const redis = new Redis({
    ...sentinelOptions(config),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new StartupError(
      `Redis master "${config.sentinel!.master}" is not reachable through the sentinels at ${config.nodes.map(where).join(', ')}: ${(err as Error).message}`,
    );
  } finally {
    redis.disconnect();
  }
}
