import { KubeConfig } from '@kubernetes/client-node';
import { FakeKube } from '@kubeward/fake-kube';
import { generateCluster } from '@kubeward/synthetic';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Collector } from '../src/collect/collector';
import { COLLECTED } from '../src/collect/kinds';
import { memoryLog } from './support/ingest';

const SECRETIVE = readFileSync(path.join(__dirname, 'fixtures/secretive-cluster.yaml'), 'utf8');

function collector(kube: FakeKube, options: ConstructorParameters<typeof Collector>[2] = {}) {
  const kc = new KubeConfig();
  kc.loadFromString(kube.kubeconfig());
  const { log, lines } = memoryLog();
  return { collector: new Collector(kc, log, options), lines };
}

const build = (c: Awaited<ReturnType<Collector['collect']>>) =>
  c.builder.build({
    snapshotId: 't',
    collectedAt: '2026-11-27T00:00:00Z',
    agentVersion: 'test',
    source: 'cluster',
    serverVersion: c.serverVersion,
    endpoint: c.endpoint,
    notCollected: c.notCollected,
  });

describe('collector', () => {
  let kube: FakeKube;
  beforeEach(async () => {
    kube = FakeKube.fromYaml(SECRETIVE);
    await kube.start();
  });
  afterEach(() => kube.stop());

  it('lists every kind page by page (limit 500, continue) and never asks for a Secret', async () => {
    kube.load(generateCluster({ workloads: 400, seed: 7 }));
    const { collector: c } = collector(kube);
    const collected = await c.collect();
    const snapshot = build(collected);
    expect(snapshot.workloads.length).toBe(400);
    const lists = kube.requests.filter((r) => /\/(pods|deployments|roles|namespaces)$/.test(r.path));
    expect(lists.length).toBeGreaterThan(0);
    for (const r of lists) expect(r.query.limit).toBe('500');
    // 400 workloads expand into more than 500 pods: the pod list took a second page.
    const podPages = kube.requests.filter((r) => r.path === '/api/v1/pods');
    expect(podPages.length).toBeGreaterThan(1);
    expect(podPages.slice(1).every((r) => r.query.continue)).toBe(true);
    expect(kube.requests.some((r) => r.path.includes('secrets'))).toBe(false);
    // Every kind the snapshot reports on was collected; only the API server's flags are not
    // visible here (no kube-apiserver static pod in this cluster).
    const missing = Object.entries(snapshot.collection)
      .filter(([, s]) => !s.collected)
      .map(([k]) => k);
    expect(missing).toEqual(['ApiServerFlags']);
    for (const kind of COLLECTED.filter((k) => !k.optional))
      expect(kube.requests.some((r) => r.path.endsWith(`/${kind.plural}`))).toBe(true);
  });

  it('restarts a list whose continue token expired (410), keeping nothing twice', async () => {
    const { collector: c, lines } = collector(kube, { pageSize: 1 });
    kube.expireContinueTokens(1);
    const snapshot = build(await c.collect());
    const names = snapshot.workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['CronJob/billing/nightly-export', 'Deployment/billing/invoices', 'Pod/billing/debug']),
    );
    expect(lines.join('')).toContain('continue token expired; restarting the list');
  });

  it('records 403 and 404 as not collected with the reason, never as empty; absent optional CRDs are skipped', async () => {
    kube.setOptions({ forbidden: ['rolebindings'], notFound: ['ingresses'] });
    const { collector: c } = collector(kube);
    const collected = await c.collect();
    expect(collected.notCollected.RoleBinding).toMatchObject({ collected: false, reason: 'forbidden' });
    expect(collected.notCollected.Ingress).toMatchObject({ collected: false, reason: 'not-found' });
    // Kyverno is not installed in this cluster: that is not a failure.
    expect(collected.notCollected.ClusterPolicy).toBeUndefined();
    const snapshot = build(collected);
    expect(snapshot.collection.RoleBinding).toMatchObject({ collected: false, reason: 'forbidden' });
    expect(snapshot.collection.Deployment?.collected).toBe(true);
  });

  it('gives up on an API server that hangs, after the request timeout, and collects the rest', async () => {
    kube.setOptions({ hang: ['networkpolicies'] });
    const { collector: c } = collector(kube, { requestTimeoutMs: 300 });
    const started = Date.now();
    const collected = await c.collect();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(collected.notCollected.NetworkPolicy).toMatchObject({ collected: false, reason: 'error' });
    expect(collected.notCollected.NetworkPolicy?.message).toMatch(/did not answer within 300 ms|aborted/);
    expect(build(collected).workloads.length).toBeGreaterThan(0);
  });

  it('skips a malformed object with its name in the log, and keeps the others', async () => {
    kube.setRaw('Deployment', [
      {
        metadata: { name: 'broken', namespace: 'billing', uid: 'u1' },
        spec: { template: { spec: { containers: 'not-a-list' } } },
      },
      {
        metadata: { name: 'fine', namespace: 'billing', uid: 'u2' },
        spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
      },
    ]);
    const { collector: c, lines } = collector(kube);
    const snapshot = build(await c.collect());
    expect(snapshot.workloads.some((w) => w.name === 'fine')).toBe(true);
    expect(snapshot.workloads.some((w) => w.name === 'broken')).toBe(false);
    const warning = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'skipped a malformed object');
    expect(JSON.stringify(warning.object)).toContain('broken');
  });

  it('stops between pages when shutting down', async () => {
    const { collector: c } = collector(kube, { pageSize: 1 });
    const stop = new AbortController();
    stop.abort();
    await expect(c.collect(stop.signal)).rejects.toThrow(/abort/i);
  });
});
