import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { freePort } from '@kubeward/harness';
import { createApi } from '../src/bootstrap';
import { ConfigError, loadConfig } from '../src/config/config';

const base = () => ({
  DATABASE_URL: `${inject('postgresUrl')}`,
  REDIS_URL: inject('redisUrl'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'silent',
  PORT: '0',
});

describe('start-up', () => {
  it('names every invalid variable, never its value', () => {
    const attempt = () =>
      loadConfig({
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        REDIS_URL: 'redis://localhost',
        ENCRYPTION_KEY: 'short',
        PORT: 'eighty',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
      expect(message).toContain('ENCRYPTION_KEY: must be 32 bytes encoded as base64');
      expect(message).toContain('PORT:');
      expect(message).not.toContain('hunter2');
    }
  });

  it('refuses a plain-http public API URL unless development allows it: agents send their token there', () => {
    const env = { ...base(), PUBLIC_API_URL: 'http://kubeward.acme.example:3000' };
    expect(() => loadConfig(env)).toThrow(
      'PUBLIC_API_URL: must be https: agents send their token to it (set PUBLIC_API_ALLOW_HTTP=true for development only)',
    );
    expect(loadConfig({ ...env, PUBLIC_API_ALLOW_HTTP: 'true' }).agent).toMatchObject({
      publicApiUrl: 'http://kubeward.acme.example:3000',
      allowHttp: true,
    });
    expect(loadConfig({ ...base(), PUBLIC_API_URL: 'https://kubeward.acme.example:8443' }).agent.allowHttp).toBe(false);
    // Compose passes an unset variable through as empty: unset, not an invalid URL.
    expect(loadConfig({ ...base(), PUBLIC_API_URL: '', AGENT_IMAGE: '' }).agent).toEqual({ allowHttp: false });
  });

  it('fails fast and clearly when Postgres is unreachable', async () => {
    const port = await freePort();
    const config = loadConfig({ ...base(), DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nope` });
    await expect(createApi(config)).rejects.toThrow(`PostgreSQL is not reachable at 127.0.0.1:${port}`);
  });

  it('fails fast and clearly when Redis is unreachable', async () => {
    const port = await freePort();
    const config = loadConfig({ ...base(), REDIS_URL: `redis://127.0.0.1:${port}` });
    await expect(createApi(config)).rejects.toThrow(`Redis is not reachable at 127.0.0.1:${port}`);
  });

  it('takes several Redis URLs only as a cluster or as sentinels, and sentinels only with the master named', () => {
    const sentinels = 'redis://:s3cret@10.0.0.1:26379,redis://:s3cret@10.0.0.2:26379';
    expect(() => loadConfig({ ...base(), REDIS_URL: sentinels })).toThrow(
      'REDIS_URL: names several servers: set REDIS_MODE=cluster for a Redis Cluster or REDIS_MODE=sentinel for sentinels, or give one URL',
    );
    expect(() => loadConfig({ ...base(), REDIS_URL: sentinels, REDIS_MODE: 'sentinel' })).toThrow(
      'REDIS_SENTINEL_MASTER: is required with REDIS_MODE=sentinel',
    );
    expect(
      loadConfig({ ...base(), REDIS_URL: sentinels, REDIS_MODE: 'sentinel', REDIS_SENTINEL_MASTER: 'kubeward' }).redis,
    ).toMatchObject({
      mode: 'sentinel',
      nodes: ['redis://:s3cret@10.0.0.1:26379', 'redis://:s3cret@10.0.0.2:26379'],
      sentinel: { master: 'kubeward' },
    });
  });

  it('fails fast, naming the master and the sentinels, when no sentinel answers', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const config = loadConfig({
      ...base(),
      REDIS_MODE: 'sentinel',
      REDIS_URL: `redis://127.0.0.1:${a},redis://127.0.0.1:${b}`,
      REDIS_SENTINEL_MASTER: 'kubeward',
    });
    await expect(createApi(config)).rejects.toThrow(
      `Redis master "kubeward" is not reachable through the sentinels at 127.0.0.1:${a}, 127.0.0.1:${b}`,
    );
  });
});
