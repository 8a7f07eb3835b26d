/**
 * npm run bench:hostile [-- --steps memory,flood,fairness,deletion,takeover] — the API under hostile load (issue 14).
 *
 * memory: 16 agents push distinct ~31 MB snapshots (gzipped, the largest INGEST_MAX_BYTES takes)
 * all at once, each retrying after a 503's Retry-After until it gets 202, like the real agent.
 * Measured: the API process's peak resident set (VmHWM from /proc, read after the run) and that
 * all 16 were taken. Built API as its own process on the harness's PostgreSQL and Redis, no worker
 * (evaluating sixteen 25,000-workload clusters is not what is measured), default limits.
 */
import { freePort, MONTH_OF_HISTORY, seedHistory, startStack, type Stack } from '@kubeward/harness';
import autocannon from 'autocannon';
import pg from 'pg';
import { generateCluster } from '@kubeward/synthetic';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { agentBody, graphql } from './http';
import { cpuMs, procBytes } from './proc';
import { report } from './report';

const ROOT = path.resolve(__dirname, '../..');
const MiB = 1024 * 1024;

async function organisationWithClusters(stack: Stack, name: string, clusters: number) {
  const { createOrganization } = await graphql<{ createOrganization: { ownerApiKey: string } }>(
    stack.apiUrl,
    stack.env.OPERATOR_TOKEN!,
    'mutation ($name: String!) { createOrganization(name: $name) { ownerApiKey } }',
    { name },
  );
  const key = createOrganization.ownerApiKey;
  const tokens: string[] = [];
  for (let i = 0; i < clusters; i++) {
    const { registerCluster } = await graphql<{ registerCluster: { agentToken: string } }>(
      stack.apiUrl,
      key,
      'mutation ($name: String!) { registerCluster(name: $name) { agentToken } }',
      { name: `${name}-${i}` },
    );
    tokens.push(registerCluster.agentToken);
  }
  return { key, tokens };
}

/**
 * Pushes until 202, like the agent: waits as long as a 503/429's Retry-After says, and retries a
 * connection the API closed mid-upload (it closes instead of reading a refused body) after 1 s.
 */
async function pushUntilTaken(url: string, token: string, body: { gzip: Buffer; contentHash: string }) {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 200) throw new Error('push never taken');
    let res: Response;
    try {
      res = await fetch(`${url}/v1/snapshots`, {
        method: 'POST',
        body: body.gzip,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-kubeward-content-hash': body.contentHash,
        },
      });
      await res.arrayBuffer();
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (res.status === 202) return attempt;
    if (res.status !== 503 && res.status !== 429) throw new Error(`push answered ${res.status}`);
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

async function memory(): Promise<void> {
  const AGENTS = 16;
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-')), 'processes.log');
  console.log(`memory: building ${AGENTS} distinct snapshots of ~31 MB… (API log: ${logFile})`);
  // ~1.25 KB of JSON per synthetic workload: 25,000 workloads is just under the 32 MB limit.
  const bodies = Array.from({ length: AGENTS }, (_, i) =>
    agentBody(generateCluster({ workloads: 24_000, seed: 100 + i }), new Date().toISOString()),
  );
  const metricsPort = await freePort();
  const stack = await startStack({
    root: ROOT,
    workers: 0,
    logs: createWriteStream(logFile),
    env: {
      LOG_LEVEL: 'warn',
      METRICS_PORT: String(metricsPort),
      ...(process.env.BENCH_BUDGET ? { INGEST_MEMORY_BUDGET_BYTES: process.env.BENCH_BUDGET } : {}),
    },
  });
  try {
    const { tokens } = await organisationWithClusters(stack, 'memory', AGENTS);
    const pid = stack.api.pid!;
    const before = procBytes(pid, 'VmRSS');
    const started = Date.now();
    // Where the memory is, sampled from the API's own metrics while the pushes run.
    const highest = { heap: 0, external: 0 };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text().catch(() => '');
        const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1] ?? 0);
        highest.heap = Math.max(highest.heap, value('kubeward_nodejs_heap_size_used_bytes'));
        highest.external = Math.max(highest.external, value('kubeward_nodejs_external_memory_bytes'));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const attempts = await Promise.all(bodies.map((b, i) => pushUntilTaken(stack.apiUrl, tokens[i]!, b)));
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    const peak = procBytes(pid, 'VmHWM');
    const sizes = bodies.map((b) => gunzipSync(b.gzip).length);
    console.log(
      `memory: ${AGENTS} snapshots (${(Math.min(...sizes) / MiB).toFixed(1)}–${(Math.max(...sizes) / MiB).toFixed(1)} MB each) taken in ${seconds.toFixed(1)} s, ` +
        `${attempts.reduce((a, b) => a + b, 0) - AGENTS} retries (503 or closed); API RSS ${(before / MiB).toFixed(0)} MB before, peak ${(peak / MiB).toFixed(0)} MB ` +
        `(sampled highs: V8 heap used ${(highest.heap / MiB).toFixed(0)} MB, external ${(highest.external / MiB).toFixed(0)} MB)`,
    );
    report({
      bench: 'hostile',
      figure: `ingest: peak API RSS, ${AGENTS} concurrent 32 MB snapshots`,
      target: '< 600 MB, all taken',
      measured: `${(peak / MiB).toFixed(0)} MB, ${AGENTS}/${AGENTS} taken in ${seconds.toFixed(0)} s`,
      pass: peak < 600 * MiB,
    });
  } finally {
    await stack.stop();
  }
}

/** The p-th percentile of the samples (nearest rank). */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Times GET /healthz one request after another until `until` resolves; the latencies in ms. */
async function healthLatencies(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.then(() => (done = true));
  const out: number[] = [];
  while (!done) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return out;
}

/**
 * flood: /healthz latency (p95) while 8 connections send the 700-field query that used to block the
 * event loop for a second per request, without credentials and then with a valid key, for 10 s each.
 */
async function flood(): Promise<void> {
  const stack = await startStack({
    root: ROOT,
    workers: 0,
    env: { LOG_LEVEL: 'warn', API_KEY_RATE_PER_MINUTE: '100000000' },
  });
  try {
    const { key } = await organisationWithClusters(stack, 'flood', 0);
    const body = JSON.stringify({ query: `{ ${'clusters { id } '.repeat(700)}}` });
    const quiet = await healthLatencies(stack.apiUrl, new Promise((r) => setTimeout(r, 3_000)));
    for (const [who, headers] of [
      ['no credentials', {}],
      ['a valid API key', { authorization: `Bearer ${key}` }],
    ] as const) {
      const run = autocannon({
        url: `${stack.apiUrl}/graphql`,
        connections: 8,
        duration: 10,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const latencies = await healthLatencies(stack.apiUrl, run);
      const result = await run;
      const p95 = percentile(latencies, 95);
      console.log(
        `flood (${who}): ${result.requests.average.toFixed(0)} refused req/s (${Object.entries(
          result.statusCodeStats ?? {},
        )
          .map(([code, v]) => `${code} × ${v.count}`)
          .join(', ')}); /healthz p95 ${p95.toFixed(1)} ms (quiet: ${percentile(quiet, 95).toFixed(1)} ms)`,
      );
      report({
        bench: 'hostile',
        figure: `/healthz p95 while 8 clients flood /graphql (700 fields, ${who})`,
        target: '—',
        measured: `${p95.toFixed(1)} ms (quiet ${percentile(quiet, 95).toFixed(1)} ms), ${result.requests.average.toFixed(0)} refusals/s`,
        pass: null,
      });
    }
  } finally {
    await stack.stop();
  }
}

/**
 * fairness: organisation B pushes a small snapshot every 2 s and times push → evaluated (polling
 * its row), first alone, then while organisation A's ten clusters each push a 300-workload snapshot
 * every second (one worker, 30 s each).
 */
async function fairness(): Promise<void> {
  const stack = await startStack({
    root: ROOT,
    workers: 1,
    env: { LOG_LEVEL: 'warn', INGEST_RATE_PER_MINUTE: '100000' },
  });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    const a = await organisationWithClusters(stack, 'flooder', 10);
    const b = await organisationWithClusters(stack, 'victim', 1);
    let seed = 0;
    const push = async (token: string, workloads: number) => {
      const body = agentBody(generateCluster({ workloads, seed: seed++ }), new Date().toISOString());
      await pushUntilTaken(stack.apiUrl, token, body);
      return body.id;
    };
    const evaluated = async (externalId: string) => {
      for (;;) {
        const { rows } = await db.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [externalId]);
        if (rows[0]?.status === 'EVALUATED' || rows[0]?.status === 'STALE') return;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const victim = async (seconds: number) => {
      const times: number[] = [];
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        const t = performance.now();
        await evaluated(await push(b.tokens[0]!, 20));
        times.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 2_000));
      }
      return times;
    };
    const alone = await victim(20);
    let flooding = true;
    const flooders = a.tokens.map(async (token) => {
      while (flooding) {
        await push(token, 300);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    });
    const crowded = await victim(30);
    flooding = false;
    await Promise.all(flooders);
    const line = (t: number[]) => `p95 ${(percentile(t, 95) / 1000).toFixed(2)} s over ${t.length}`;
    console.log(`fairness: B alone ${line(alone)}; while A floods ${line(crowded)}`);
    report({
      bench: 'hostile',
      figure: "fairness: organisation B's push → evaluated while A floods (10 clusters × 1 push/s)",
      target: '—',
      measured: `${line(crowded)} (alone ${line(alone)})`,
      pass: null,
    });
  } finally {
    await db.end();
    await stack.stop();
  }
}

/**
 * deletion: one cluster with a month of five-minute snapshots of history (MONTH_OF_HISTORY:
 * 8,640 snapshots and evaluations, 172,800 object changes, 43,200 finding events…), written in
 * SQL; another cluster of the same organisation pushes 20-workload snapshots every 2 s, first
 * alone, then while the first is deleted. Measured: the deleteCluster mutation's latency (the
 * part anyone waits for), the purge's duration and rate (the Deletion row's own timestamps),
 * and the other cluster's push → evaluated p95 alone and during the purge. One worker, default
 * PURGE_BATCH_ROWS.
 */
async function deletion(): Promise<void> {
  const stack = await startStack({ root: ROOT, workers: 1, env: { LOG_LEVEL: 'warn', PURGE_INTERVAL_MS: '1000' } });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    const org = await organisationWithClusters(stack, 'deleting', 2);
    // deleting-0 is deleted; deleting-1 (org.tokens[1]) pushes on.
    const { rows: clusters } = await db.query<{ id: string; organizationId: string }>(
      `SELECT id, "organizationId" FROM "Cluster" ORDER BY name`,
    );
    const doomed = clusters[0]!;
    let seed = 0;
    const evaluated = async (externalId: string) => {
      for (;;) {
        const { rows } = await db.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [externalId]);
        if (rows[0]?.status === 'EVALUATED' || rows[0]?.status === 'STALE') return;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const pushed = async (token: string) => {
      const body = agentBody(generateCluster({ workloads: 20, seed: seed++ }), new Date().toISOString());
      const t = performance.now();
      await pushUntilTaken(stack.apiUrl, token, body);
      await evaluated(body.id);
      return performance.now() - t;
    };
    await pushed(org.tokens[0]!);
    console.log('deletion: writing a month of five-minute history…');
    const rows = await seedHistory(db, doomed.organizationId, doomed.id, MONTH_OF_HISTORY);
    await db.query('ANALYZE');
    const victimPushes = async (until: () => boolean) => {
      const times: number[] = [];
      while (!until()) {
        times.push(await pushed(org.tokens[1]!));
        await new Promise((r) => setTimeout(r, 2_000));
      }
      return times;
    };
    const aloneEnd = Date.now() + 20_000;
    const alone = await victimPushes(() => Date.now() > aloneEnd);

    const t = performance.now();
    await graphql(stack.apiUrl, org.key, 'mutation ($id: ID!) { deleteCluster(id: $id) }', { id: doomed.id });
    const mutationMs = performance.now() - t;
    let finished = false;
    const watching = (async () => {
      while (!finished) {
        const { rows: d } = await db.query(`SELECT "finishedAt" FROM "Deletion" WHERE "clusterId" = $1`, [doomed.id]);
        finished = Boolean(d[0]?.finishedAt);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const during = await victimPushes(() => finished);
    await watching;
    const { rows: done } = await db.query<{ seconds: number; rows: string }>(
      `SELECT extract(epoch FROM "finishedAt" - "startedAt")::float AS seconds, "rowsDeleted" AS rows
       FROM "Deletion" WHERE "clusterId" = $1`,
      [doomed.id],
    );
    const purge = done[0]!;
    const line = (x: number[]) => `p95 ${(percentile(x, 95) / 1000).toFixed(2)} s over ${x.length}`;
    const rate = Math.round(Number(purge.rows) / purge.seconds);
    console.log(
      `deletion: deleteCluster answered in ${mutationMs.toFixed(0)} ms; purge of ${Number(purge.rows).toLocaleString('en')} rows ` +
        `(${rows.toLocaleString('en')} seeded) took ${purge.seconds.toFixed(1)} s (${rate.toLocaleString('en')} rows/s); ` +
        `other cluster push → evaluated ${line(alone)} alone, ${line(during)} during the purge`,
    );
    report({
      bench: 'hostile',
      figure: 'deletion: deleteCluster of a month of five-minute history (241,280 rows)',
      target: 'hidden at once, purged in batches',
      measured: `mutation ${mutationMs.toFixed(0)} ms; purge ${purge.seconds.toFixed(1)} s (${rate.toLocaleString('en')} rows/s)`,
      pass: null,
    });
    report({
      bench: 'hostile',
      figure: "deletion: another cluster's push → evaluated while the purge runs",
      target: '—',
      measured: `${line(during)} (alone ${line(alone)})`,
      pass: null,
    });
  } finally {
    await db.end();
    await stack.stop();
  }
}

/**
 * takeover: two workers; a 5,000-workload snapshot is pushed and, once one of them is inside its
 * evaluation (the cluster's advisory lock is held), that one (the one burning CPU) is killed with
 * SIGKILL. Measured: from the kill to the survivor holding the lock again, i.e. how long a dead
 * worker's job waits. Three trials, default QUEUE_LOCK_DURATION_MS.
 */
async function takeover(): Promise<void> {
  const stack = await startStack({ root: ROOT, workers: 0, env: { LOG_LEVEL: 'warn' } });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  const lockHeld = async () =>
    (
      await db.query(
        `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()`,
      )
    ).rows.length > 0;
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await new Promise((r) => setTimeout(r, 20));
  };
  try {
    const org = await organisationWithClusters(stack, 'takeover', 3);
    const workers = [
      stack.run('worker-1', 'apps/api/dist/worker.js'),
      stack.run('worker-2', 'apps/api/dist/worker.js'),
    ];
    const times: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const body = agentBody(generateCluster({ workloads: 5_000, seed: 70 + trial }), new Date().toISOString());
      await pushUntilTaken(stack.apiUrl, org.tokens[trial]!, body);
      await until(lockHeld);
      const before = workers.map((w) => cpuMs(w.pid!));
      await new Promise((r) => setTimeout(r, 300));
      const busy = workers.map((w, i) => cpuMs(w.pid!) - before[i]!);
      const victim = busy[0]! >= busy[1]! ? 0 : 1;
      const killedAt = performance.now();
      workers[victim]!.kill('SIGKILL');
      await until(async () => !(await lockHeld()));
      await until(lockHeld);
      times.push(performance.now() - killedAt);
      console.log(`takeover: trial ${trial + 1}: ${((performance.now() - killedAt) / 1000).toFixed(1)} s`);
      workers[victim] = stack.run(`worker-${trial + 3}`, 'apps/api/dist/worker.js');
      for (;;) {
        const { rows } = await db.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [body.id]);
        if (rows[0]?.status === 'EVALUATED') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const line = times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ');
    report({
      bench: 'hostile',
      figure: "takeover: a SIGKILLed worker's evaluation resumed by another (3 trials)",
      target: '≤ 30 s',
      measured: line,
      pass: times.every((t) => t <= 30_000),
    });
  } finally {
    await db.end();
    await stack.stop();
  }
}

const STEPS: Record<string, () => Promise<void>> = { memory, flood, fairness, deletion, takeover };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { steps: { type: 'string', default: Object.keys(STEPS).join(',') } } });
  for (const step of values.steps.split(',')) {
    const run = STEPS[step];
    if (!run) throw new Error(`--steps takes some of: ${Object.keys(STEPS).join(', ')}`);
    await run();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
