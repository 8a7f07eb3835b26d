import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { databaseUrl } from './database';
import { freePort } from './process';
import { startServices, type Services } from './services';

export interface StackOptions {
  /** The repository root: the built API is at `apps/api/dist`. */
  root: string;
  /** Extra environment for the API and worker (after the defaults below). */
  env?: Record<string, string>;
  /** Where the processes' output goes, prefixed with their name. Discarded when absent. */
  logs?: Writable;
  /** Worker processes to start; 1 by default. */
  workers?: number;
  /**
   * PostgreSQL with fsync and synchronous commit on, as in production (the default: benchmarks and
   * the demo run the product as deployed); false trades durability for speed.
   */
  durable?: boolean;
}

export interface Stack {
  services: Services;
  /** The environment the processes run with (database, Redis, keys, port). */
  env: Record<string, string>;
  apiUrl: string;
  /** The API's process (for its pid: benchmarks read its memory). */
  api: ChildProcess;
  /** The worker processes (for their pids: benchmarks read their CPU time). */
  workers: ChildProcess[];
  /**
   * Starts a built script (path from the repository root) with the stack's environment, or with
   * only `env` when given (the agent gets no database credentials). Stopped by `stop()`.
   */
  run(name: string, script: string, args?: string[], env?: Record<string, string>): ChildProcess;
  /** Stops the processes (SIGTERM, then waits), then PostgreSQL and Redis. */
  stop(): Promise<void>;
}

/**
 * Kubeward as it runs in production, on this machine: PostgreSQL and Redis from the harness, a
 * fresh database migrated by the real migration entry, and the built API and worker(s) as
 * separate processes. For the demo and the benchmarks.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const services = await startServices({ durable: options.durable ?? true });
  const children: ChildProcess[] = [];
  process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  const admin = new pg.Client({ connectionString: services.postgres!.url });
  await admin.connect();
  await admin.query('CREATE DATABASE kubeward');
  await admin.end();
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl(services.postgres!.url, 'kubeward'),
    REDIS_URL: services.redis!.url,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    OPERATOR_TOKEN: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    // Several workers may run side by side: each serves its metrics on a port of its own.
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const apiUrl = `http://127.0.0.1:${env.PORT}`;
  const run = (name: string, script: string, args: string[] = [], own?: Record<string, string>) => {
    // KUBEWARD_NODE_ARGS: flags for the service processes only (say --cpu-prof), when profiling a benchmark.
    const nodeArgs = process.env.KUBEWARD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, path.join(options.root, script), ...args], {
      env: { ...process.env, ...(own ?? env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sink = (d: Buffer) => options.logs?.write(`[${name}] ${d.toString()}`);
    child.stdout!.on('data', sink);
    child.stderr!.on('data', sink);
    children.push(child);
    return child;
  };
  const stop = async () => {
    await Promise.all(
      children
        .filter((c) => c.exitCode === null && c.signalCode === null)
        .map((c) => new Promise<void>((resolve) => (c.once('exit', () => resolve()), c.kill('SIGTERM')))),
    );
    await services.stop();
  };
  let api: ChildProcess | undefined;
  const workers: ChildProcess[] = [];
  try {
    const migration = run('migrate', 'apps/api/dist/migrate.js');
    const code = await new Promise<number | null>((resolve) => migration.once('exit', resolve));
    if (code !== 0) throw new Error(`the migration exited with code ${code}`);
    api = run('api', 'apps/api/dist/main.js');
    for (let i = 0; i < (options.workers ?? 1); i++)
      workers.push(run(i === 0 ? 'worker' : `worker-${i + 1}`, 'apps/api/dist/worker.js'));
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${apiUrl}/readyz`).catch(() => null))?.ok) {
      if (Date.now() > deadline) throw new Error('the API did not become ready within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { services, env, apiUrl, api: api!, workers, run, stop };
}
