import { FakeKube, parseManifests } from '@kubeward/fake-kube';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IngestReceiver } from './support/ingest';

const MAIN = path.join(__dirname, '../dist/bundle/agent.cjs');
const FIXTURE = readFileSync(path.join(__dirname, 'fixtures/secretive-cluster.yaml'), 'utf8');
const TOKEN = 'kwa_daemon-token-never-logged';

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the agent daemon (built binary)', () => {
  let kube: FakeKube;
  let ingest: IngestReceiver;
  let child: ChildProcess | undefined;
  let output = '';
  beforeAll(async () => {
    kube = FakeKube.fromYaml(FIXTURE);
    await kube.start();
    ingest = new IngestReceiver();
    await ingest.start();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await kube.stop();
    await ingest.stop();
  });

  it('pushes, heartbeats when nothing changed, survives an ingest outage, answers health checks and stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kw-agent-'));
    writeFileSync(path.join(dir, 'kubeconfig'), kube.kubeconfig());
    writeFileSync(path.join(dir, 'token'), TOKEN);
    child = spawn(process.execPath, [MAIN, '--mode', 'interval', '--interval', '1', '--health-port', '0'], {
      env: {
        PATH: process.env.PATH,
        KUBECONFIG: path.join(dir, 'kubeconfig'),
        KUBEWARD_API_URL: ingest.url,
        KUBEWARD_ALLOW_HTTP: 'true',
        KUBEWARD_TOKEN_FILE: path.join(dir, 'token'),
        KUBEWARD_PUSH_MAX_ATTEMPTS: '2',
        KUBEWARD_PUSH_RETRY_BASE_MS: '20',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const lines = () =>
      output
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);

    const port = await until('the health port', () => lines().find((l) => l.msg === 'agent started')?.healthPort);
    const health = async (p: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${p}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect((await health('/livez')).status).toBe(200);

    // 1. The first cycle pushes the snapshot; the agent becomes ready.
    await until('a snapshot', () => ingest.snapshots().length >= 1);
    await until('ready', async () => (await health('/readyz')).status === 200);

    // 2. Nothing changed: the next cycle sends a heartbeat, not the snapshot again.
    await until('a heartbeat', () => ingest.received.some((r) => r.path === '/v1/heartbeat'));
    expect(ingest.snapshots()).toHaveLength(1);

    // 3. The ingest API goes down while the cluster changes: not ready, still alive, and once
    //    the API is back the newest state arrives.
    ingest.fallback = () => ({ status: 503 });
    await until('not ready', async () => (await health('/readyz')).status === 503);
    expect((await health('/livez')).status).toBe(200);
    kube.load([
      ...parseManifests(FIXTURE),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'added-during-outage', namespace: 'billing' },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
      },
    ]);
    // Cycles come and go while the API is down (each gives up after its retries).
    await new Promise((r) => setTimeout(r, 1500));
    ingest.fallback = (r) =>
      r.path === '/v1/heartbeat'
        ? { status: 200, body: { status: 'ok' } }
        : { status: 202, body: { status: 'accepted' } };
    const newest = await until('the newest snapshot', () =>
      ingest.snapshots().find((r) => r.text.includes('added-during-outage')),
    );
    expect(newest).toBeDefined();
    await until('ready again', async () => (await health('/readyz')).status === 200);

    // 4. SIGTERM: a clean, prompt exit.
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;

    // JSON logs throughout, and never the token.
    expect(lines().some((l) => l.msg === 'shutting down')).toBe(true);
    expect(output).not.toContain(TOKEN);
  });
});
