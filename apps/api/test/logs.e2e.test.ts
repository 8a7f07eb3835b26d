import { createDatabaseFromTemplate, freePort, startRedis } from '@kubeward/harness';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { eventually } from './support/context';
import { clientFor } from './support/graphql';

/**
 * The built API as it runs in production (its own process, JSON logs on stdout at `debug`): every
 * credential the product issues, sent in every header a client might put one in, must appear in
 * no log line, whether the request succeeds, is refused or goes nowhere.
 */
const MAIN = path.join(__dirname, '../dist/main.js');

describe('request logs', () => {
  let child: ChildProcess;
  let url: string;
  let output = '';
  let drop: () => Promise<void>;
  const operatorToken = randomBytes(32).toString('hex');

  beforeAll(async () => {
    const db = await createDatabaseFromTemplate(inject('postgresUrl'), inject('templateDatabase'));
    drop = db.drop;
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'debug',
        DATABASE_URL: db.url,
        REDIS_URL: inject('redisUrl'),
        QUEUE_PREFIX: `logs-${randomBytes(4).toString('hex')}`,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        OPERATOR_TOKEN: operatorToken,
        PUBLIC_API_URL: url,
        PUBLIC_API_ALLOW_HTTP: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await eventually(async () => ((await fetch(`${url}/healthz`).catch(() => null))?.ok ? true : undefined), 'the API');
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
    }
    await drop?.();
  });

  it('never show a key, token or secret, whatever header carries it', async () => {
    const { createOrganization } = await clientFor(url, operatorToken).request<{
      createOrganization: { ownerApiKey: string };
    }>('mutation { createOrganization(name: "Logs") { ownerApiKey } }');
    const owner = clientFor(url, createOrganization.ownerApiKey);
    const { registerCluster } = await owner.request<{ registerCluster: { agentToken: string } }>(
      'mutation { registerCluster(name: "logs") { agentToken } }',
    );
    const { createWebhookEndpoint } = await owner.request<{ createWebhookEndpoint: { secret: string } }>(
      'mutation { createWebhookEndpoint(input: { url: "https://93.184.216.34/kubeward" }) { secret } }',
    );
    const credentials = {
      apiKey: createOrganization.ownerApiKey,
      agentToken: registerCluster.agentToken,
      webhookSecret: createWebhookEndpoint.secret,
      operatorToken,
    };
    const headers = [
      'authorization',
      'proxy-authorization',
      'token',
      'x-token',
      'x-auth-token',
      'x-access-token',
      'x-api-key',
      'api-key',
      'apikey',
      'secret',
      'x-secret',
      'x-webhook-secret',
      'x-kubeward-token',
      'cookie',
      'x-amz-security-token',
    ];
    const paths: [string, string][] = [
      ['POST', '/graphql'],
      ['POST', '/v1/snapshots'],
      ['POST', '/v1/heartbeat'],
      ['GET', '/nowhere'],
    ];
    for (const secret of Object.values(credentials)) {
      for (const name of headers) {
        for (const [method, where] of paths) {
          const value =
            name === 'authorization' ? `Bearer ${secret}` : name === 'cookie' ? `session=${secret}` : secret;
          await fetch(`${url}${where}?token=${encodeURIComponent(secret)}`, {
            method,
            headers: { [name]: value, 'content-type': 'application/json' },
            body: method === 'POST' ? '{"query":"{ me { role } }"}' : undefined,
          });
        }
      }
    }
    // Every request above was logged (the log is not merely empty).
    const completed = output.split('\n').filter((l) => l.includes('"responseTime"'));
    expect(completed.length).toBeGreaterThanOrEqual(Object.keys(credentials).length * headers.length * paths.length);
    for (const [kind, secret] of Object.entries(credentials)) {
      for (const part of [secret, secret.slice(-24)]) {
        expect(output.includes(part), `${kind} appears in the log`).toBe(false);
      }
    }
  });

  it('run in production without introspection and without a landing page that loads scripts from a CDN', async () => {
    const { createOrganization } = await clientFor(url, operatorToken).request<{
      createOrganization: { ownerApiKey: string };
    }>('mutation { createOrganization(name: "Production") { ownerApiKey } }');
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${createOrganization.ownerApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(/introspection is not allowed/i);
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<script[^>]+src="https?:/);
  });
});

describe('worker logs while Redis is away', () => {
  it('are JSON lines on stdout, a throttled warning per queue and worker, never a raw error on stderr', async () => {
    const redis = await startRedis();
    const db = await createDatabaseFromTemplate(inject('postgresUrl'), inject('templateDatabase'));
    const child = spawn(process.execPath, [path.join(__dirname, '../dist/worker.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        METRICS_PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        // The reconciler uses the evaluate queue every interval: its client notices the outage.
        RECONCILE_INTERVAL_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      // Healthy is not enough: its bootstrap hooks (which attach the listeners) may still be running.
      await eventually(
        async () => (stdout.includes('"msg":"worker started"') ? true : undefined),
        'the worker',
        120_000,
      );
      await redis.pause();
      const warned = (role: string, queue: string) =>
        stdout.includes(`"queue":"${queue}","role":"${role}"`) ? true : undefined;
      await eventually(async () => warned('worker', 'evaluate') && warned('queue', 'evaluate'), 'the warnings', 60_000);
      await redis.resume();
      expect(stderr).toBe('');
      const lines = stdout.split('\n').filter(Boolean);
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      // Throttled: one warning per client in the outage, not one per failed command.
      const evaluateWorker = lines.filter((l) => l.includes('"queue":"evaluate","role":"worker"'));
      expect(evaluateWorker.length).toBeLessThanOrEqual(2);
    } finally {
      // Its shutdown is another test's subject (faults): here only what it logged matters.
      if (child.exitCode === null) await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL')));
      await redis.stop();
      await db.drop();
    }
  }, 240_000);
});
