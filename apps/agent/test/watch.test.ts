import { KubeConfig } from '@kubernetes/client-node';
import { FakeKube } from '@kubeward/fake-kube';
import { applyDelta, contentHash, type Snapshot, type SnapshotDelta, validateSnapshot } from '@kubeward/snapshot';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from '../src/agent';
import { ClusterWatch } from '../src/collect/cluster-watch';
import { Collector } from '../src/collect/collector';
import { Pusher } from '../src/push/pusher';
import { AGENT_VERSION } from '../src/version';
import { WatchingAgent } from '../src/watching-agent';
import { IngestReceiver, memoryLog, type Received } from './support/ingest';

const FIXTURE = readFileSync(path.join(__dirname, 'fixtures/secretive-cluster.yaml'), 'utf8');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const deployment = (name: string, image: string, privileged = false): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'billing', labels: { app: name } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'app', image, securityContext: { privileged } }] },
    },
  },
});

async function until<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The API's side, from what the receiver got: the whole snapshots as sent and each delta applied
 * to the content it names as its base, as the API applies them.
 */
function replay(received: Received[]): { snapshot: Snapshot; deltas: number; fulls: number } {
  const byHash = new Map<string, Snapshot>();
  let latest: Snapshot | undefined;
  let deltas = 0;
  let fulls = 0;
  for (const r of received) {
    if (r.path === '/v1/snapshots') {
      latest = JSON.parse(r.text) as Snapshot;
      fulls++;
    } else if (r.path === '/v1/snapshots/delta') {
      const delta = JSON.parse(r.text) as SnapshotDelta;
      const base = byHash.get(delta.baseContentHash);
      if (!base) throw new Error('a delta against a base never sent');
      const applied = applyDelta(base, delta);
      if (!applied.ok) throw new Error(applied.issue.message);
      const valid = validateSnapshot(applied.snapshot);
      if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
      expect(contentHash(valid.snapshot)).toBe(r.headers['x-kubeward-content-hash']);
      latest = valid.snapshot;
      deltas++;
    } else continue;
    byHash.set(contentHash(latest), latest);
  }
  return { snapshot: latest!, deltas, fulls };
}

/** The content of a fresh full list of the fake cluster, as interval mode collects it. */
async function listed(kube: FakeKube): Promise<Snapshot> {
  const kc = new KubeConfig();
  kc.loadFromString(kube.kubeconfig());
  const collected = await new Collector(kc, memoryLog().log).collect();
  return collected.builder.build({
    snapshotId: 'fresh-list',
    collectedAt: 'now',
    agentVersion: AGENT_VERSION,
    serverVersion: collected.serverVersion,
    endpoint: collected.endpoint,
    notCollected: collected.notCollected,
  });
}

/** Whether the snapshot the API would hold now says what a fresh list says. */
async function expectCurrent(received: Received[], kube: FakeKube): Promise<void> {
  const { snapshot } = replay(received);
  expect({ ...snapshot, snapshotId: 'fresh-list', collectedAt: 'now' }).toEqual(await listed(kube));
}

describe('the agent in watch mode', () => {
  let kube: FakeKube;
  let ingest: IngestReceiver;
  let stop: AbortController;
  let watching: WatchingAgent;
  let watch: ClusterWatch;
  let running: Promise<void>;
  let lines: string[];

  async function startAgent(options: { debounceMs?: number; resyncMs?: number; heartbeatMs?: number } = {}) {
    const kc = new KubeConfig();
    kc.loadFromString(kube.kubeconfig());
    const memory = memoryLog();
    lines = memory.lines;
    const collector = new Collector(kc, memory.log);
    const pusher = new Pusher(
      { apiUrl: ingest.url, token: { value: 'kwa_watch-token' }, maxAttempts: 2, baseDelayMs: 10 },
      memory.log,
    );
    watch = new ClusterWatch(kc, collector, memory.log, () => watching.changed(), {
      backoffBaseMs: 20,
      backoffMaxMs: 200,
    });
    watching = new WatchingAgent(
      new Agent(collector, pusher, memory.log),
      watch,
      pusher,
      memory.log,
      collector.kube.endpoint,
      {
        debounceMs: options.debounceMs ?? 150,
        maxDelayMs: 2_000,
        heartbeatMs: 60_000,
        resyncMs: options.resyncMs ?? 3_600_000,
      },
    );
    stop = new AbortController();
    running = watching.run(stop.signal);
    await until('the first snapshot', () => ingest.snapshots().length === 1);
    await until('every kind watched', () =>
      [...watch.kinds.values()].every((k) => k.state === 'watching' || k.state === 'not-collected'),
    );
  }

  beforeEach(async () => {
    kube = FakeKube.fromYaml(FIXTURE, { bookmarkIntervalMs: 100 });
    await kube.start();
    ingest = new IngestReceiver();
    await ingest.start();
  });
  afterEach(async () => {
    stop?.abort();
    await running;
    await kube.stop();
    await ingest.stop();
  });

  const pushes = () => ingest.received.filter((r) => r.path !== '/v1/heartbeat');

  it('pushes the first snapshot whole, then one kubectl apply as one small delta that rebuilds the cluster exactly', async () => {
    kube.apply([deployment('api', 'acme/api:1.0')]);
    await startAgent();
    // One apply: a privileged image bump, a new Deployment, a ConfigMap gone (and the fan-out of
    // ReplicaSets and Pods each controller makes).
    kube.apply([deployment('api', 'acme/api:1.1', true), deployment('worker', 'acme/worker:1.0')]);
    kube.delete('ConfigMap', 'billing', 'app-config');
    await until('a delta', () => pushes().length === 2);
    const delta = pushes()[1]!;
    expect(delta.path).toBe('/v1/snapshots/delta');
    expect(delta.raw.length).toBeLessThan(5_000);
    const body = JSON.parse(delta.text) as SnapshotDelta;
    expect(body.upserted.workloads?.map((w) => (w as { name: string }).name).sort()).toEqual(['api', 'worker']);
    expect(body.removed).toEqual({ configMaps: ['billing/app-config'] });
    const rebuilt = replay(ingest.received);
    expect(rebuilt).toMatchObject({ fulls: 1, deltas: 1 });
    await expectCurrent(ingest.received, kube);
    // Secrets are neither listed nor watched.
    expect(kube.requests.some((r) => r.path.includes('secrets'))).toBe(false);
    expect(kube.requests.some((r) => r.query.watch === 'true' && r.path === '/apis/apps/v1/deployments')).toBe(true);
  });

  it('reads again what a controller stood for when the controller goes first', async () => {
    kube.apply([deployment('api', 'acme/api:1.0')]);
    await startAgent();
    // The Deployment is gone; the garbage collector has not reached its ReplicaSet yet, which a
    // list now shows in its own right: the agent, which kept only that it existed, reads it again.
    kube.delete('Deployment', 'billing', 'api', { dependents: 'later' });
    await until('a delta', () => pushes().length === 2);
    const body = JSON.parse(pushes()[1]!.text) as SnapshotDelta;
    expect(body.removed.workloads).toEqual(['billing/Deployment/api']);
    expect(body.upserted.workloads?.map((w) => (w as { kind: string }).kind)).toEqual(['ReplicaSet']);
    expect(kube.requests.some((r) => /\/namespaces\/billing\/replicasets\/api-/.test(r.path))).toBe(true);
    await expectCurrent(ingest.received, kube);
  });

  it('resumes a cut watch from its resourceVersion and misses nothing changed while it was down', async () => {
    await startAgent();
    const resumedBefore = kube.requests.filter((r) => r.query.watch && r.path.endsWith('/deployments')).length;
    kube.dropWatches();
    kube.apply([deployment('during-outage', 'acme/x:1')]);
    await until('a delta', () => pushes().length === 2);
    const resumed = kube.requests.filter((r) => r.query.watch && r.path.endsWith('/deployments'));
    expect(resumed.length).toBeGreaterThan(resumedBefore);
    expect(Number(resumed.at(-1)!.query.resourceVersion)).toBeGreaterThan(0);
    expect(watch.kinds.get('Deployment')!.reconnects).toBeGreaterThan(0);
    await expectCurrent(ingest.received, kube);
  });

  it('lists a kind again after 410 Gone and pushes the whole snapshot; bookmarks move the resourceVersion', async () => {
    await startAgent();
    await until('a bookmark', () => watch.kinds.get('Namespace')!.lastEventAt);
    // Cut off, changed, and the history compacted before the agent is back: it cannot resume.
    kube.dropWatches();
    kube.apply([deployment('after-compaction', 'acme/x:1')]);
    kube.compact();
    await until('a second whole snapshot', () => ingest.snapshots().length === 2);
    expect(watch.kinds.get('Deployment')!.relists).toBeGreaterThan(0);
    expect(lines.join('')).toContain('watch expired (410 Gone)');
    await expectCurrent(ingest.received, kube);
    // A change of another kind moves the cluster's version on; a bookmark tells the Namespace watch.
    const rv = Number(watch.kinds.get('Namespace')!.resourceVersion);
    kube.apply([deployment('elsewhere', 'acme/x:2')]);
    kube.bookmark();
    await until('the bookmark', () => Number(watch.kinds.get('Namespace')!.resourceVersion) > rv || undefined);
  });

  it('sends the whole snapshot when the API cannot apply a delta (409)', async () => {
    await startAgent();
    ingest.fallback = (r) =>
      r.path === '/v1/snapshots/delta'
        ? { status: 409, body: { error: 'CONFLICT', message: 'send the snapshot itself' } }
        : { status: 202, body: { status: 'accepted' } };
    kube.apply([deployment('api', 'acme/api:2')]);
    await until('the whole snapshot', () => ingest.snapshots().length === 2);
    expect(pushes().map((r) => r.path)).toEqual(['/v1/snapshots', '/v1/snapshots/delta', '/v1/snapshots']);
    expect(replay(ingest.received.filter((r) => r.path !== '/v1/snapshots/delta')).fulls).toBe(2);
  });

  it('heartbeats while nothing changes, and on resync lists every kind again and pushes it whole', async () => {
    await startAgent({ heartbeatMs: 200, resyncMs: 1_500 });
    await until('a heartbeat', () => ingest.received.some((r) => r.path === '/v1/heartbeat'));
    const lists = () => kube.requests.filter((r) => r.path === '/api/v1/namespaces' && !r.query.watch).length;
    const listsBefore = lists();
    // A change the watches never reported (the fake's store edited behind their back): only a resync finds it.
    kube.setRaw('ConfigMap', []);
    await until('a resync', () => lists() > listsBefore);
    await until('the whole snapshot after it', () => {
      const { snapshot } = replay(ingest.received);
      return snapshot.configMaps.length === 0 && ingest.snapshots().length >= 2 ? true : undefined;
    });
    await expectCurrent(ingest.received, kube);
  });

  it('after a refused push waits an interval, however much changes: no storm at an API that refuses', async () => {
    ingest.fallback = () => ({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    const kc = new KubeConfig();
    kc.loadFromString(kube.kubeconfig());
    const { log } = memoryLog();
    const collector = new Collector(kc, log);
    const pusher = new Pusher({ apiUrl: ingest.url, token: { value: 'kwa_revoked' } }, log);
    watch = new ClusterWatch(kc, collector, log, () => watching.changed());
    watching = new WatchingAgent(new Agent(collector, pusher, log), watch, pusher, log, collector.kube.endpoint, {
      debounceMs: 20,
      maxDelayMs: 100,
      heartbeatMs: 60_000,
      resyncMs: 3_600_000,
    });
    stop = new AbortController();
    running = watching.run(stop.signal);
    await until('the refused push', () => ingest.received.length === 1);
    const events = () => watch.kinds.get('Deployment')!.events;
    for (let i = 0; i < 5; i++) {
      const seen = events();
      kube.apply([deployment('api', `acme/api:${i}`)]);
      await until('the change seen', () => events() > seen);
      // Well past the debounce: a push would have gone by now.
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(ingest.received).toHaveLength(1);
  });

  it('debounces a burst of edits into one push', async () => {
    await startAgent({ debounceMs: 400 });
    for (let i = 0; i < 20; i++) kube.apply([deployment('busy', `acme/busy:${i}`)]);
    await until('a delta', () => pushes().length === 2);
    // The first push after the burst already holds its last edit: one push, not twenty.
    const body = JSON.parse(pushes()[1]!.text) as SnapshotDelta;
    const busy = body.upserted.workloads as { name: string; podSpec: { containers: { image: string }[] } }[];
    expect(busy.map((w) => [w.name, w.podSpec.containers[0]!.image])).toEqual([['busy', 'acme/busy:19']]);
    await expectCurrent(ingest.received, kube);
  });
});
