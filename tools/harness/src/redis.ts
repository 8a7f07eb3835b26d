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
    child = spawnChild(binary, [
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
      // BullMQ requires that Redis never evicts its keys.
      '--maxmemory-policy',
      'noeviction',
    ]);
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
