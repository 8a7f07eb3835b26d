import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabaseFromTemplate, freePort } from '@kubeward/harness';
import { createApi, createWorker } from '../../src/bootstrap';
import { type AppConfig, loadConfig } from '../../src/config/config';
import { ClustersService } from '../../src/modules/clusters/clusters.service';
import { OrganizationsService } from '../../src/modules/organizations/organizations.service';
import { scopeOf, type OrgScope } from '../../src/modules/auth/scope';

export const OPERATOR_TOKEN = randomBytes(32).toString('hex');

export interface TestContext {
  config: AppConfig;
  api: INestApplication;
  /** The in-process worker; absent when the test runs its own. */
  worker?: INestApplicationContext;
  /** The database's URL, for workers the test starts itself. */
  databaseUrl: string;
  /** The settings the API and worker were loaded from, for processes the test starts itself. */
  env: Record<string, string>;
  /** Base URL of the API over real HTTP. */
  url: string;
  /** A plain SQL client on this file's database, for assertions on what was stored. */
  sql: pg.Pool;
  newOrg(name?: string): Promise<{ organizationId: OrgScope; ownerKey: string }>;
  newCluster(organizationId: OrgScope, name?: string): Promise<{ clusterId: string; agentToken: string }>;
  close(): Promise<void>;
}

/**
 * The real API (listening on a loopback port) and the real worker, on this test file's own
 * database (copied from the migrated template) and its own Redis key prefix.
 */
export async function createTestContext(
  env: Record<string, string> = {},
  options: { worker?: boolean } = {},
): Promise<TestContext> {
  // A test that brings its own database (a PostgreSQL it restarts) drops it itself.
  const db = env.DATABASE_URL
    ? { url: env.DATABASE_URL, drop: async () => {} }
    : await createDatabaseFromTemplate(inject('postgresUrl'), inject('templateDatabase'));
  const settings: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_BASE_MS: '50',
    RECONCILE_INTERVAL_MS: '500',
    OPERATOR_TOKEN: OPERATOR_TOKEN,
    ...env,
  };
  const config = loadConfig(settings);
  const api = await createApi(config);
  const worker = options.worker === false ? undefined : await createWorker(config);
  const { port } = api.getHttpServer().address() as AddressInfo;
  const sql = new pg.Pool({ connectionString: db.url, max: 2 });
  // An idle connection cut by a PostgreSQL restart is dropped by the pool; not a test failure.
  sql.on('error', () => undefined);
  let n = 0;
  return {
    config,
    api,
    worker,
    databaseUrl: db.url,
    env: settings,
    url: `http://127.0.0.1:${port}`,
    sql,
    async newOrg(name = `org-${++n}`) {
      const { organization, ownerKey } = await api.get(OrganizationsService).create(name);
      return { organizationId: scopeOf(organization.id), ownerKey };
    },
    async newCluster(organizationId, name = `cluster-${++n}`) {
      const { cluster, agentToken } = await api.get(ClustersService).register(organizationId, name);
      return { clusterId: cluster.id, agentToken };
    },
    async close() {
      await worker?.close();
      await api.close();
      // Closed processes hold no connection: one still open is a leak (and the drop below would
      // kill it, as an error event nothing listens to).
      await assertNoConnections(sql);
      await sql.end();
      await db.drop();
    },
  };
}

/**
 * Waits until no connection of these Kubeward processes (application names as LIKE patterns:
 * `kubeward-worker/%` for workers, `kubeward-%` for every process) is open on the database; a closed connection's backend, or a killed
 * process's, takes a moment to leave pg_stat_activity. One still there after `timeoutMs` is a leak.
 */
export async function assertNoConnections(
  sql: pg.Pool,
  applicationName = 'kubeward-%',
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql.query<{ name: string; n: number }>(
      `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name LIKE $1 GROUP BY 1 ORDER BY 1`,
      [applicationName],
    );
    if (rows.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`connections left open after close: ${rows.map((r) => `${r.name} × ${r.n}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A built entry point (dist/<script>.js) as its own process with the context's settings, database
 * and queue, to kill with SIGKILL as a crash would; `env` adds to or overrides its settings. Its
 * logs go to the test's output only when TEST_LOG_LEVEL asks for them.
 */
function spawnBuilt(ctx: TestContext, script: string, env: Record<string, string>): ChildProcess {
  const level = process.env.TEST_LOG_LEVEL;
  return spawn(process.execPath, [path.join(__dirname, `../../dist/${script}.js`)], {
    env: { PATH: process.env.PATH, ...ctx.env, METRICS_PORT: '0', LOG_LEVEL: level ?? 'silent', ...env },
    stdio: level ? 'inherit' : 'ignore',
  });
}

/** The built worker (dist/worker.js) as its own process on the context's database and queue. */
export function spawnWorker(ctx: TestContext, env: Record<string, string> = {}): ChildProcess {
  return spawnBuilt(ctx, 'worker', env);
}

/**
 * The built API (dist/main.js) as its own process on a port of its own, once ready (its /readyz
 * answers 200), with its base URL.
 */
export async function spawnApi(
  ctx: TestContext,
  env: Record<string, string> = {},
): Promise<{ process: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawnBuilt(ctx, 'main', { PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before it was ready`);
        return (await fetch(`${url}/readyz`).catch(() => null))?.ok || undefined;
      },
      'a spawned API to be ready',
      // A Nest application's start is seconds of CPU: minutes on a machine busy elsewhere.
      240_000,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { process: child, url };
}
