import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
      const port = await freePort();
      const child = spawnChild(binary, [
        ...serverArgs(port, dir),
        '--dbfilename',
        `dump-${port}.rdb`,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        path.join(dir, `nodes-${port}.conf`),
      ]);
      children.push(child);
      ports.push(port);
      await waitFor('redis-server (cluster node)', () => ping(port), child);
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
