import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/config';

/** A connection to Redis as configured: one server, or a cluster through its seed nodes. */
export type RedisClient = Redis | Cluster;

/** ioredis options from a redis:// URL: where, who, TLS. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * A client for `config.redis` with these options: a Redis, or with REDIS_MODE=cluster a Cluster
 * that finds every node from the seeds in REDIS_URL (options then apply to each node's
 * connection; the offline queue is the cluster's own).
 */
export function redisClient(config: AppConfig['redis'], options: RedisOptions = {}): RedisClient {
  if (config.mode === 'standalone') return new Redis({ ...redisOptions(config.nodes[0]!), ...options });
  const seeds = config.nodes.map((url) => redisOptions(url));
  const { host: _h, port: _p, db: _db, enableOfflineQueue, ...node } = { ...seeds[0]!, ...options };
  return new Cluster(
    seeds.map(({ host, port }) => ({ host, port })),
    { redisOptions: node, ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }) },
  );
}
