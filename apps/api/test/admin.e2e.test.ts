import { createDatabaseFromTemplate } from '@kubeward/harness';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createApi } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';
import { clientFor } from './support/graphql';

/** The built admin command, as an operator runs it on a new installation's database. */
const ADMIN = path.join(__dirname, '../dist/admin.js');

describe('admin bootstrap', () => {
  let db: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createDatabaseFromTemplate(inject('postgresUrl'), inject('templateDatabase'));
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `admin-${randomBytes(4).toString('hex')}`,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      HOST: '127.0.0.1',
    };
  });
  afterAll(() => db?.drop());

  const admin = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [ADMIN, ...args], {
        env: { PATH: process.env.PATH, ...env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('names what is wrong with its arguments, and touches nothing', async () => {
    const none = await admin([]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toContain('bootstrap needs --organization <name>');
    expect(none.stderr).toContain('Usage: admin bootstrap --organization <name> [--json]');
    expect((await admin(['bootstrp', '--organization', 'Acme'])).stderr).toContain('unknown command "bootstrp"');
    expect((await admin(['bootstrap', '--organisation', 'Acme'])).stderr).toMatch(/Unknown option '--organisation'/);
    const blank = await admin(['bootstrap', '--organization', '  ']);
    expect(blank).toMatchObject({ code: 1, stdout: '' });
    expect(blank.stderr.trim().split('\n').at(-1)).toBe('name must be 1 to 100 characters.');
    const unreachable = await admin(['bootstrap', '--organization', 'Acme'], {
      DATABASE_URL: 'postgresql://kubeward:s3cret-password@127.0.0.1:1/kubeward',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('PostgreSQL is not reachable at 127.0.0.1:1');
    expect(unreachable.stderr).not.toContain('s3cret-password');
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    expect((await sql.query('SELECT count(*)::int AS n FROM "Organization"')).rows[0].n).toBe(0);
    await sql.end();
  });

  it('creates the first organisation once, prints its owner key once and logs it never; a second run is refused', async () => {
    // Two operators at once (a retried deploy step): one organisation, one key.
    const runs = await Promise.all([
      admin(['bootstrap', '--organization', 'Acme Corp', '--json'], { LOG_LEVEL: 'debug' }),
      admin(['bootstrap', '--organization', 'Acme Corp', '--json'], { LOG_LEVEL: 'debug' }),
    ]);
    const created = runs.filter((r) => r.code === 0);
    expect(created).toHaveLength(1);
    const refused = runs.find((r) => r.code !== 0)!;
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('bootstrap creates the first organisation only, and this database has 1');

    // Debug logs go to stdout too: the key is the one thing printed, once.
    const lines = created[0]!.stdout.trim().split('\n');
    const result = JSON.parse(lines.find((l) => l.includes('ownerApiKey'))!) as {
      organization: { id: string; name: string; slug: string };
      ownerApiKey: string;
    };
    expect(result.organization.name).toBe('Acme Corp');
    const everything = runs.map((r) => r.stdout + r.stderr).join('');
    expect(everything.split(result.ownerApiKey)).toHaveLength(2);

    // The key is an owner's, of that organisation, and the creation is audited.
    const api = await createApi(loadConfig({ ...env, PORT: '0', LOG_LEVEL: 'silent' }), { listen: true });
    try {
      const { port } = api.getHttpServer().address() as { port: number };
      const owner = clientFor(`http://127.0.0.1:${port}`, result.ownerApiKey);
      const { me, auditLog } = await owner.request<{
        me: { organization: { id: string; name: string }; apiKey: { role: string } };
        auditLog: { edges: { node: { action: string; actorType: string; details: { via?: string } } }[] };
      }>(
        '{ me { organization { id name } apiKey { role } } auditLog(first: 5) { edges { node { action actorType details } } } }',
      );
      expect(me).toEqual({
        organization: { id: result.organization.id, name: 'Acme Corp' },
        apiKey: { role: 'OWNER' },
      });
      expect(auditLog.edges.map((e) => e.node)).toContainEqual({
        action: 'organization.create',
        actorType: 'OPERATOR',
        details: expect.objectContaining({ via: 'bootstrap' }),
      });
      await owner.request('mutation { registerCluster(name: "first") { cluster { id } } }');
    } finally {
      await api.close();
    }

    const again = await admin(['bootstrap', '--organization', 'Other']);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toContain('create more with the createOrganization mutation');
  });
});
