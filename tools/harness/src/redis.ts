import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HarnessError } from './errors';
import { type Child, freePort, spawnChild, waitFor } from './process';

export interface RedisServer {
  url: string;
  port: number;
  /** The server's process id (undefined for REDIS_URL). */
  pid?: number;
  owned: boolean;
  stop(): Promise<void>;
  /** Stop without cleaning up, to start again on the same port (fault tests). */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

function ping(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function findRedis(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new HarnessError(
      'redis-server was not found on PATH. Install Redis ≥ 6.2 (Debian/Ubuntu: `apt-get install -y redis-server`; ' +
        'macOS: `brew install redis`), or set REDIS_URL to an existing server.',
    );
  }
}

/** A throwaway server on loopback: nothing persisted, nothing evicted (BullMQ requires it). */
const serverArgs = (port: number, dir: string): string[] => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
  '--dir',
  dir,
  '--maxmemory-policy',
  'noeviction',
];

export async function startRedis(): Promise<RedisServer> {
  if (process.env.REDIS_URL) {
    const u = new URL(process.env.REDIS_URL);
    const port = Number(u.port || 6379);
    if (!(await ping(port, u.hostname))) {
      throw new HarnessError(`REDIS_URL is set but Redis does not answer PING at ${u.hostname}:${port}.`);
    }
    const noop = async () => {};
    return { url: process.env.REDIS_URL, port, owned: false, stop: noop, pause: noop, resume: noop };
  }
  const binary = findRedis();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-redis-'));
  const port = await freePort();
  let child: Child;
  const start = async () => {
    child = spawnChild(binary, serverArgs(port, dir));
    await waitFor('redis-server', () => ping(port), child);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.process.pid;
    },
    owned: true,
    stop: async () => {
      await child.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    pause: () => child.stop('SIGTERM'),
    resume: start,
  };
}

export interface RedisCluster {
  /** The nodes' URLs, comma-separated: what REDIS_URL takes with REDIS_MODE=cluster. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/**
 * A Redis Cluster of three masters on loopback (no replicas), its 16,384 slots spread over them:
 * the topology the service must work on when its Redis is a cluster.
 */
export async function startRedisCluster(nodes = 3): Promise<RedisCluster> {
  const binary = findRedis();
  const cli = path.join(path.dirname(binary), 'redis-cli');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-redis-cluster-'));
  const children: Child[] = [];
  const ports: number[] = [];
  try {
    for (let i = 0; i < nodes; i++) {
      // The cluster bus gets a free port of its own (by default it is the port + 10000, which
      // another process may hold); a port taken between choosing and binding is chosen again.
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        let bus = await freePort();
        while (bus === port) bus = await freePort();
        const child = spawnChild(binary, [
          ...serverArgs(port, dir),
          '--dbfilename',
          `dump-${port}.rdb`,
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(bus),
          '--cluster-config-file',
          path.join(dir, `nodes-${port}.conf`),
        ]);
        try {
          await waitFor('redis-server (cluster node)', () => ping(port), child);
          children.push(child);
          ports.push(port);
          break;
        } catch (err) {
          await child.stop('SIGKILL');
          if (attempt === 3) throw err;
        }
      }
    }
    execFileSync(
      cli,
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { stdio: 'ignore' },
    );
    // Usable once every node agrees that all slots are served.
    for (const port of ports) {
      await waitFor(
        'the cluster to be formed',
        async () =>
          execFileSync(cli, ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).includes('cluster_state:ok'),
        children[0]!,
      );
    }
  } catch (err) {
    await Promise.all(children.map((c) => c.stop('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    ports,
    stop: async () => {
      await Promise.all(children.map((c) => c.stop('SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisSentinel {
  /** The sentinel's URL: what REDIS_URL takes with REDIS_MODE=sentinel. */
  url: string;
  /** The name the sentinel monitors the master by (REDIS_SENTINEL_MASTER). */
  master: string;
  /** The port of the server that is master now, as the sentinel says. */
  masterPort(): Promise<number>;
  /**
   * Has the sentinel fail over while the master is alive (`SENTINEL FAILOVER`): the replica is
   * promoted, the old master demoted to its replica (and in sync again on return); the new port.
   */
  switchover(): Promise<number>;
  /** Kills the master (SIGKILL) and waits until the sentinel has promoted the replica; its port. */
  failover(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A master, one replica and a sentinel watching them, on loopback: the topology of a Redis kept
 * available by Sentinel, with a failover a second after the master stops answering.
 */
export async function startRedisSentinel(master = 'kubeward'): Promise<RedisSentinel> {
  const binary = findRedis();
  const cli = path.join(path.dirname(binary), 'redis-cli');
  // '' while the server does not answer: probes poll until it does.
  const ask = (port: number, ...args: string[]) => {
    try {
      return execFileSync(cli, ['-p', String(port), ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      return '';
    }
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-redis-sentinel-'));
  const children = new Map<number, Child>();
  const [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
  const currentMaster = async () =>
    Number(ask(sentinelPort, 'sentinel', 'get-master-addr-by-name', master).split('\n')[1]);
  try {
    for (const [port, extra] of [
      [masterPort, []],
      [replicaPort, ['--replicaof', '127.0.0.1', String(masterPort)]],
    ] as const) {
      const child = spawnChild(binary, [...serverArgs(port, dir), '--dbfilename', `dump-${port}.rdb`, ...extra]);
      children.set(port, child);
      await waitFor('redis-server (sentinel group)', () => ping(port), child);
    }
    await waitFor(
      'the replica to sync',
      async () => ask(replicaPort, 'info', 'replication').includes('master_link_status:up'),
      children.get(replicaPort)!,
    );
    const config = path.join(dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${master} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${master} 1000`,
        `sentinel failover-timeout ${master} 5000`,
      ].join('\n') + '\n',
    );
    const sentinel = spawnChild(binary, [config, '--sentinel']);
    children.set(sentinelPort, sentinel);
    await waitFor('redis-sentinel', () => ping(sentinelPort), sentinel);
    // Ready to fail over once it has found the replica through the master.
    await waitFor(
      'the sentinel to find the replica',
      async () => ask(sentinelPort, 'sentinel', 'replicas', master).includes(String(replicaPort)),
      sentinel,
    );
  } catch (err) {
    await Promise.all([...children.values()].map((c) => c.stop('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${sentinelPort}`,
    master,
    masterPort: currentMaster,
    async switchover() {
      const old = await currentMaster();
      const sentinel = children.get(sentinelPort)!;
      await waitFor(
        'the sentinel to start a failover',
        async () => ask(sentinelPort, 'sentinel', 'failover', master) === 'OK',
        sentinel,
      );
      await waitFor('the sentinel to switch masters', async () => (await currentMaster()) !== old, sentinel);
      await waitFor(
        'the demoted master to sync with the new one',
        async () => ask(old, 'info', 'replication').includes('master_link_status:up'),
        sentinel,
      );
      return currentMaster();
    },
    async failover() {
      const old = await currentMaster();
      await children.get(old)!.stop('SIGKILL');
      const sentinel = children.get(sentinelPort)!;
      await waitFor('the sentinel to promote the replica', async () => (await currentMaster()) !== old, sentinel);
      return currentMaster();
    },
    stop: async () => {
      await Promise.all([...children.values()].map((c) => c.stop('SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
