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
 * ioredis options for the master that the sentinels in REDIS_URL name: ioredis asks them where it
 * is on every (re)connection, and a failover closes every client's connection (a demoted master
 * disconnects its clients; a dead one has none). ioredis's optional `failoverDetector` is left
 * off: with it, our failover test saw clients racing its disconnect with their own reconnection
 * and staying closed for good. The URLs' credentials and TLS are the master's; the sentinels take
 * theirs from REDIS_SENTINEL_PASSWORD and the same TLS.
 */
export function sentinelOptions(
  config: AppConfig['redis'],
): Pick<
  RedisOptions,
  | 'sentinels'
  | 'name'
  | 'username'
  | 'password'
  | 'db'
  | 'tls'
  | 'sentinelPassword'
  | 'enableTLSForSentinelMode'
  | 'sentinelTLS'
> {
  const sentinels = config.nodes.map((url) => redisOptions(url));
  const { username, password, db, tls } = sentinels[0]!;
  return {
    sentinels: sentinels.map(({ host, port }) => ({ host, port })),
    name: config.sentinel!.master,
    username,
    password,
    db,
    tls,
    sentinelPassword: config.sentinel!.password,
    enableTLSForSentinelMode: tls !== undefined,
    sentinelTLS: tls,
  };
}

/**
 * A client for `config.redis` with these options: a Redis (found through the sentinels with
 * REDIS_MODE=sentinel), or with REDIS_MODE=cluster a Cluster that finds every node from the seeds
 * in REDIS_URL (options then apply to each node's connection; the offline queue is the cluster's
 * own).
 */
export function redisClient(config: AppConfig['redis'], options: RedisOptions = {}): RedisClient {
  if (config.mode === 'standalone') return new Redis({ ...redisOptions(config.nodes[0]!), ...options });
  if (config.mode === 'sentinel') return new Redis({ ...sentinelOptions(config), ...options });
  const seeds = config.nodes.map((url) => redisOptions(url));
  const { host: _h, port: _p, db: _db, enableOfflineQueue, ...node } = { ...seeds[0]!, ...options };
  return new Cluster(
    seeds.map(({ host, port }) => ({ host, port })),
    { redisOptions: node, ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }) },
  );
}
