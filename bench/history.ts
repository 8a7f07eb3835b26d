/**
 * npm run bench:history [-- --steps evaluate,age,drift,delivery,retention] [-- --evaluations N]
 *
 * What history costs as a cluster lives and ages (issue 15): the built API and one worker on the
 * harness's durable PostgreSQL and Redis, fed over HTTP with gzip snapshots of a 2,000-workload
 * synthetic cluster that churns 1% a round (tools/synthetic `churn`: rollouts, hardening flips that
 * open and resolve findings, workloads replaced).
 *
 * - evaluate: N churned snapshots of one cluster, one after the other: the worker's CPU time per
 *   evaluation (its /proc utime + stime over the run, divided by N), the API's and worker's
 *   together per cluster-month (× 8,640 five-minute snapshots), and the bytes the database grew
 *   (tables, indexes, TOAST, every partition) per cluster-month: rows that stay, measured after
 *   VACUUM FULL before and after (what autovacuum frees is reused), with the organisation alerting
 *   through one webhook endpoint.
 * - age: a cluster with a day of history and one with a year of it (tools/harness `replayHistory`:
 *   the first cluster's real evaluations copied back in time, one every five minutes), evaluated in
 *   turns; the ratio of their median evaluation times (the worker's own `durationMs`).
 * - drift: the `drift` query over the last week of the year-old cluster (2,016 evaluations).
 * - delivery: 200 clusters of 2,000 workloads on a five-minute cadence compressed to `--cadence`
 *   seconds; each push timed to the signed webhook delivered to a local receiver.
 * - retention: the newest whole month of history older than the default 400 days, dropped by the
 *   partition upkeep run as the worker runs it, while another transaction holds every current-state
 *   table locked.
 */
import { replayHistory, startStack, type Stack } from '@kubeward/harness';
import { churn, generateCluster } from '@kubeward/synthetic';
import { Queue } from 'bullmq';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { agentBody, DRIFT, graphql } from './http';
import { cpuMs } from './proc';
import { RECEIVER_STACK_ENV, SignedReceiver as Receiver } from './receiver';
import { quantile, report } from './report';

type Obj = Record<string, unknown>;

const ROOT = path.resolve(__dirname, '../..');
const WORKLOADS = 2_000;
const PER_MONTH = 8_640;
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(0)} ms`);

interface Cluster {
  id: string;
  token: string;
  manifests: Obj[];
  round: number;
}

class Bench {
  /** Agent clocks: every snapshot a minute after the previous one, ending before now. */
  private clock = Date.now() - 3 * 86_400_000;

  constructor(
    readonly stack: Stack,
    readonly db: pg.Pool,
    readonly ownerKey: string,
    readonly organizationId: string,
  ) {}

  static async start(logFile: string): Promise<Bench> {
    const stack = await startStack({
      root: ROOT,
      logs: createWriteStream(logFile),
      env: RECEIVER_STACK_ENV,
    });
    const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 4 });
    const { createOrganization } = await graphql<{
      createOrganization: { organization: { id: string }; ownerApiKey: string };
    }>(
      stack.apiUrl,
      stack.env.OPERATOR_TOKEN!,
      'mutation { createOrganization(name: "History") { organization { id } ownerApiKey } }',
    );
    return new Bench(stack, db, createOrganization.ownerApiKey, createOrganization.organization.id);
  }

  async cluster(name: string): Promise<Cluster> {
    const { registerCluster } = await graphql<{ registerCluster: { cluster: { id: string }; agentToken: string } }>(
      this.stack.apiUrl,
      this.ownerKey,
      'mutation ($name: String!) { registerCluster(name: $name) { cluster { id } agentToken } }',
      { name },
    );
    return {
      id: registerCluster.cluster.id,
      token: registerCluster.agentToken,
      manifests: generateCluster({ workloads: WORKLOADS }),
      round: 0,
    };
  }

  body(manifests: Obj[]) {
    this.clock += MINUTE;
    const collectedAt = new Date(this.clock).toISOString();
    return { ...agentBody(manifests, collectedAt), collectedAt };
  }

  async post(token: string, body: { gzip: Buffer; contentHash: string }): Promise<void> {
    const res = await fetch(`${this.stack.apiUrl}/v1/snapshots`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'x-kubeward-content-hash': body.contentHash,
      },
      body: body.gzip,
    });
    const text = await res.text();
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${text}`);
  }

  /** Waits for a snapshot's evaluation; the worker's own time for it (ms). */
  async evaluated(externalId: string): Promise<number> {
    for (;;) {
      const { rows } = await this.db.query<{ status: string; durationMs: number | null }>(
        `SELECT s.status, e."durationMs" FROM "Snapshot" s LEFT JOIN "Evaluation" e ON e."snapshotId" = s.id
         WHERE s."externalId" = $1 AND s.status IN ('EVALUATED', 'STALE', 'FAILED')`,
        [externalId],
      );
      if (rows[0]) {
        if (rows[0].status !== 'EVALUATED') throw new Error(`snapshot ${externalId} ended ${rows[0].status}`);
        return rows[0].durationMs!;
      }
      await sleep(5);
    }
  }

  /** The cluster's next snapshot (churned after its first), pushed and evaluated. */
  async push(c: Cluster): Promise<number> {
    if (c.round > 0) churn(c.manifests, c.round);
    c.round++;
    const body = this.body(c.manifests);
    await this.post(c.token, body);
    return this.evaluated(body.id);
  }

  /**
   * Bytes of every table with its indexes and TOAST, partitions counted to their table. `live`
   * rewrites every table first (VACUUM FULL), so only rows that stay count: a deleted payload or
   * an updated row's old version is space autovacuum gives back for reuse, not growth.
   */
  async databaseBytes(live = false): Promise<Map<string, number>> {
    if (live) await this.db.query('VACUUM FULL');
    const { rows } = await this.db.query<{ relname: string; n: string }>(
      'SELECT relname, pg_total_relation_size(relid)::bigint AS n FROM pg_stat_user_tables',
    );
    // Partitions count towards their table.
    const bytes = new Map<string, number>();
    for (const r of rows) {
      const table = r.relname.replace(/_p\d{6,8}$/, '');
      bytes.set(table, (bytes.get(table) ?? 0) + Number(r.n));
    }
    return bytes;
  }

  /** A webhook endpoint of the organisation at the receiver (which learns its secret); its id. */
  async endpoint(receiver: Receiver): Promise<string> {
    const url = await receiver.start();
    const { createWebhookEndpoint } = await graphql<{
      createWebhookEndpoint: { secret: string; endpoint: { id: string } };
    }>(
      this.stack.apiUrl,
      this.ownerKey,
      'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, description: "bench" }) { secret endpoint { id } } }',
      { url },
    );
    receiver.secret = createWebhookEndpoint.secret;
    return createWebhookEndpoint.endpoint.id;
  }

  async deleteEndpoint(id: string): Promise<void> {
    await graphql(this.stack.apiUrl, this.ownerKey, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id });
  }

  /** Waits until every alert is fanned out and every delivery has succeeded. */
  async settledDeliveries(): Promise<void> {
    const deadline = performance.now() + 120_000;
    for (;;) {
      const { rows } = await this.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM "WebhookEvent" WHERE "dispatchedAt" IS NULL)::int
              + (SELECT count(*) FROM "WebhookDelivery" WHERE status <> 'SUCCEEDED')::int AS n`,
      );
      if (rows[0]!.n === 0) return;
      if (performance.now() > deadline) throw new Error(`${rows[0]!.n} alerts still not delivered after 120 s`);
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.stack.stop();
  }
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** N churned evaluations of one cluster: CPU and bytes per evaluation. The cluster is the template for `age`. */
async function evaluateStep(bench: Bench, n: number, figures: boolean): Promise<Cluster> {
  const c = await bench.cluster('steady');
  const cold = performance.now();
  await bench.push(c);
  console.log(`first snapshot of a ${WORKLOADS}-workload cluster: ${fmt(performance.now() - cold)}`);
  for (let i = 0; i < 5; i++) await bench.push(c);
  // An organisation that alerts: one endpoint, at a local receiver that answers every delivery.
  const receiver = new Receiver();
  const endpoint = await bench.endpoint(receiver);
  const worker = bench.stack.workers[0]!.pid!;
  const api = bench.stack.api.pid!;
  const liveBefore = await bench.databaseBytes(true);
  const before = { worker: cpuMs(worker), api: cpuMs(api) };
  const durations: number[] = [];
  for (let i = 0; i < n; i++) durations.push(await bench.push(c));
  const workerMs = (cpuMs(worker) - before.worker) / n;
  const apiMs = (cpuMs(api) - before.api) / n;
  await bench.settledDeliveries();
  const written = await bench.databaseBytes();
  const liveAfter = await bench.databaseBytes(true);
  await bench.deleteEndpoint(endpoint);
  await receiver.stop();
  const perMonth = ((sum(liveAfter) - sum(liveBefore)) / n) * PER_MONTH;
  console.log(
    `${n} evaluations, 1% churn: worker CPU ${workerMs.toFixed(0)} ms each, API CPU ${apiMs.toFixed(0)} ms each; ` +
      `evaluation time p50 ${quantile(durations, 0.5)} ms, p95 ${quantile(durations, 0.95)} ms`,
  );
  const growth = (after: Map<string, number>, label: string) => {
    const grown = [...after].map(([t, b]) => [t, b - (liveBefore.get(t) ?? 0)] as const).filter(([, b]) => b > 0);
    console.log(
      `  ${label}: +${((sum(after) - sum(liveBefore)) / 1e6).toFixed(2)} MB, ` +
        `${((sum(after) - sum(liveBefore)) / n / 1e3).toFixed(1)} KB per evaluation: ${grown
          .sort((a, b) => b[1] - a[1])
          .map(([t, b]) => `${t} ${(b / n / 1e3).toFixed(2)}`)
          .join(', ')} (KB per evaluation)`,
    );
  };
  growth(written, 'as written (before any vacuum)');
  growth(liveAfter, 'rows that stay (after VACUUM FULL)');
  if (!figures) return c;
  report({
    bench: 'history',
    figure: `one evaluation (${WORKLOADS.toLocaleString('en')} workloads, 1% churn), worker CPU time`,
    target: '≤ 150 ms',
    measured: `${workerMs.toFixed(0)} ms (mean of ${n})`,
    pass: workerMs <= 150,
  });
  report({
    bench: 'history',
    figure: `bytes per cluster per month (${WORKLOADS.toLocaleString('en')} workloads, 1% churn, one webhook endpoint)`,
    target: '≤ 60 MB',
    measured: `${(perMonth / 1e6).toFixed(1)} MB (rows that stay, from ${n})`,
    pass: perMonth <= 60e6,
  });
  report({
    bench: 'history',
    figure: 'CPU-seconds per cluster per month (API + worker)',
    target: '—',
    measured: `${(((workerMs + apiMs) * PER_MONTH) / 1000).toFixed(0)} s`,
    pass: null,
  });
  return c;
}

/** A cluster with `days` of history behind the real evaluations it gets from here. */
async function agedCluster(bench: Bench, name: string, template: Cluster, days: number, k: number): Promise<Cluster> {
  const c = await bench.cluster(name);
  await bench.push(c);
  const { rows } = await bench.db.query<{ first: Date }>(
    `SELECT min("collectedAt") AS first FROM "Snapshot" WHERE "clusterId" = $1`,
    [c.id],
  );
  const session = await bench.db.connect();
  try {
    const t0 = performance.now();
    const counts = await replayHistory(session, {
      organizationId: bench.organizationId,
      clusterId: c.id,
      templateClusterId: template.id,
      templateEvaluations: k,
      before: rows[0]!.first,
      days,
    });
    console.log(
      `  ${name}: ${days} days of history replayed in ${fmt(performance.now() - t0)}: ${Object.entries(counts)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')}`,
    );
  } finally {
    session.release();
  }
  return c;
}

async function ageStep(bench: Bench, template: Cluster, k: number, oldDays: number): Promise<Cluster> {
  const young = await agedCluster(bench, 'one-day-old', template, 1, k);
  const old = await agedCluster(bench, `${oldDays}-days-old`, template, oldDays, k);
  // What autovacuum does after a bulk load, done now rather than waited for.
  await bench.db.query('VACUUM ANALYZE');
  for (let i = 0; i < 3; i++) await Promise.all([bench.push(young), bench.push(old)]);
  const times = { young: [] as number[], old: [] as number[] };
  for (let i = 0; i < 21; i++) {
    // In turns, so that the machine's moods fall on both alike.
    times.young.push(await bench.push(young));
    times.old.push(await bench.push(old));
  }
  const ratio = quantile(times.old, 0.5) / quantile(times.young, 0.5);
  console.log(
    `evaluation time, median of 21: one day old ${quantile(times.young, 0.5)} ms, ${oldDays} days old ${quantile(times.old, 0.5)} ms: ratio ${ratio.toFixed(2)}`,
  );
  if (oldDays !== 365) return old;
  report({
    bench: 'history',
    figure: 'evaluation time at cluster age one year ÷ at one day',
    target: '≤ 1.1',
    measured: ratio.toFixed(2),
    pass: ratio <= 1.1,
  });
  return old;
}

async function driftStep(bench: Bench, old: Cluster): Promise<void> {
  const { rows } = await bench.db.query<{ newest: Date }>(
    `SELECT max("collectedAt") AS newest FROM "Evaluation" WHERE "clusterId" = $1`,
    [old.id],
  );
  const to = rows[0]!.newest;
  const from = new Date(to.getTime() - 7 * 86_400_000);
  const variables = { c: old.id, from: from.toISOString(), to: to.toISOString() };
  const { rows: density } = await bench.db.query<{ evaluations: number; changes: number; events: number }>(
    `SELECT (SELECT count(*) FROM "Evaluation" WHERE "clusterId" = $1 AND "collectedAt" >= $2)::int AS evaluations,
            (SELECT count(*) FROM "ObjectChange" WHERE "clusterId" = $1 AND at >= $2)::int AS changes,
            (SELECT count(*) FROM "FindingEvent" WHERE "clusterId" = $1 AND at >= $2)::int AS events`,
    [old.id, from],
  );
  for (let i = 0; i < 20; i++) await graphql(bench.stack.apiUrl, bench.ownerKey, DRIFT, variables);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await graphql(bench.stack.apiUrl, bench.ownerKey, DRIFT, variables);
    times.push(performance.now() - t);
  }
  const d = density[0]!;
  console.log(
    `drift over a week (${d.evaluations} evaluations, ${d.changes} object changes, ${d.events} finding events): ` +
      `p50 ${fmt(quantile(times, 0.5))}, p95 ${fmt(quantile(times, 0.95))}`,
  );
  report({
    bench: 'history',
    figure: 'drift over a week at five-minute density, p95',
    target: '≤ 100 ms',
    measured: `${quantile(times, 0.95).toFixed(1)} ms`,
    pass: quantile(times, 0.95) <= 100,
  });
}

async function deliveryStep(bench: Bench, clusters: number, cadenceSeconds: number, rounds: number): Promise<void> {
  const receiver = new Receiver();
  await bench.endpoint(receiver);
  const fleet: { id: string; token: string }[] = [];
  for (let i = 0; i < clusters; i++) fleet.push(await bench.cluster(`fleet-${i}`));
  // Every cluster runs the same workloads and the same changes: one body per round serves them all
  // (snapshot ids are unique per cluster), built before the clock starts.
  const manifests = generateCluster({ workloads: WORKLOADS });
  const bodies = [bench.body(manifests)];
  for (let r = 1; r <= rounds; r++) {
    churn(manifests, r);
    bodies.push(bench.body(manifests));
  }
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < fleet.length) await bench.post(fleet[next++]!.token, bodies[0]!);
    }),
  );
  for (;;) {
    const { rows } = await bench.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Snapshot" WHERE "externalId" = $1 AND status = 'EVALUATED'`,
      [bodies[0]!.id],
    );
    if (rows[0]!.n === fleet.length) break;
    await sleep(500);
  }
  console.log(`  ${clusters} clusters' first snapshots evaluated in ${fmt(performance.now() - t0)}`);

  // Each round, every cluster pushes once, spread evenly over the (compressed) five minutes.
  const sent = new Map<string, number>();
  const gap = (cadenceSeconds * 1000) / fleet.length;
  const start = performance.now();
  for (let r = 1; r <= rounds; r++) {
    const body = bodies[r]!;
    for (let i = 0; i < fleet.length; i++) {
      const due = start + ((r - 1) * fleet.length + i) * gap;
      await sleep(Math.max(0, due - performance.now()));
      const key = `${fleet[i]!.id}/${body.collectedAt}`;
      sent.set(key, performance.now());
      void bench.post(fleet[i]!.token, body);
    }
  }
  const deadline = performance.now() + 120_000;
  while ([...sent.keys()].some((k) => !receiver.arrived.has(k)) && performance.now() < deadline) await sleep(200);
  await receiver.stop();
  const latencies = [...sent].flatMap(([k, t]) => (receiver.arrived.has(k) ? [receiver.arrived.get(k)! - t] : []));
  const missing = sent.size - latencies.length;
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  console.log(
    `push → signed webhook delivered, ${clusters} clusters every ${cadenceSeconds} s (${latencies.length} pushes, ` +
      `${missing} without a delivery, ${receiver.unverified} unverified): p50 ${fmt(p50)}, p99 ${fmt(p99)}`,
  );
  report({
    bench: 'history',
    figure: `push → signed webhook delivered, ${clusters} clusters × ${WORKLOADS.toLocaleString('en')} workloads, 5 min cadence in ${cadenceSeconds} s, p50 / p99`,
    target: '≤ 2 s / ≤ 5 s',
    measured: `${fmt(p50)} / ${fmt(p99)}${missing ? ` (${missing} lost)` : ''}`,
    pass: p50 <= 2000 && p99 <= 5000 && missing === 0 && receiver.unverified === 0,
  });
}

/** The start of the UTC month `months` after the one holding `at` (negative: before). */
function monthOf(at: Date, months = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

async function retentionStep(bench: Bench, template: Cluster, k: number): Promise<void> {
  const c = await bench.cluster('retired-history');
  // The newest whole month older than the default retention (400 days).
  const end = monthOf(new Date(Date.now() - 400 * 86_400_000));
  const start = monthOf(end, -1);
  const session = await bench.db.connect();
  let written: number;
  try {
    const counts = await replayHistory(session, {
      organizationId: bench.organizationId,
      clusterId: c.id,
      templateClusterId: template.id,
      templateEvaluations: k,
      before: end,
      days: (end.getTime() - start.getTime()) / 86_400_000,
    });
    written = counts.Snapshot + counts.Evaluation + counts.ObjectChange + counts.FindingEvent;
  } finally {
    session.release();
  }
  const month = start.toISOString().slice(0, 7).replace('-', '');
  // The month's resolved findings stay: Finding is current state, not partitioned.
  const { rows } = await bench.db.query<{ partitions: number; bytes: string }>(
    `SELECT count(*)::int AS partitions, sum(pg_total_relation_size(c.oid))::bigint AS bytes
     FROM pg_class c WHERE c.relname LIKE '%\\_p${month}' AND c.relkind = 'r'`,
  );
  await bench.db.query(`ANALYZE`);

  // Another transaction holds every current-state table against writers: the drop must not need
  // them (upkeep only reads how long organisations keep history).
  const holder = await bench.db.connect();
  await holder.query('BEGIN');
  await holder.query(
    'LOCK TABLE "Organization", "Cluster", "Finding", "ObjectState", "AgentToken", "ApiKey", "WebhookEndpoint" IN EXCLUSIVE MODE',
  );
  // The worker's maintenance queue and the task's name (MAINTENANCE_QUEUE, PartitionUpkeepService).
  const queue = new Queue('{maintenance}', {
    connection: { url: bench.stack.env.REDIS_URL },
    prefix: bench.stack.env.QUEUE_PREFIX ?? 'kubeward',
  });
  try {
    const job = await queue.add('partition upkeep', {});
    let done;
    // A job no worker takes (a renamed queue) must fail the bench, not hang it.
    const deadline = Date.now() + 120_000;
    for (;;) {
      done = await queue.getJob(job.id!);
      if (done?.finishedOn) break;
      if (done?.failedReason) throw new Error(`partition upkeep failed: ${done.failedReason}`);
      if (Date.now() > deadline) throw new Error('no worker ran the partition upkeep job within 120 s');
      await sleep(50);
    }
    const { rows: left } = await bench.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE '%\\_p${month}' AND relkind = 'r'`,
    );
    if (left[0]!.n !== 0) throw new Error(`${left[0]!.n} partitions of ${month} are still there`);
    const took = done!.finishedOn! - done!.processedOn!;
    const r = rows[0]!;
    console.log(
      `retention dropped ${r.partitions} partitions of ${month} (${written.toLocaleString('en')} rows, ` +
        `${(Number(r.bytes) / 1e6).toFixed(0)} MB) in ${fmt(took)}, current-state tables locked by another transaction throughout`,
    );
    report({
      bench: 'history',
      figure: 'dropping a month of history (retention), current-state tables locked meanwhile',
      target: '≤ 5 s',
      measured: fmt(took),
      pass: took <= 5000,
    });
  } finally {
    await holder.query('ROLLBACK');
    holder.release();
    await queue.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string', default: 'evaluate,age,drift,delivery,retention' },
      evaluations: { type: 'string', default: '200' },
      clusters: { type: 'string', default: '200' },
      cadence: { type: 'string', default: '150' },
      rounds: { type: 'string', default: '2' },
      // Shorter to look at queries without waiting for a year of history (the age figure needs 365).
      'old-days': { type: 'string', default: '365' },
    },
  });
  const steps = new Set(values.steps.split(','));
  const n = Number(values.evaluations);
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-')), 'processes.log');
  console.log(`(API and worker logs: ${logFile})`);
  const bench = await Bench.start(logFile);
  try {
    // Every step needs the template: the real evaluations that history is replayed from.
    const k = steps.has('evaluate') ? Math.min(n, 200) : 24;
    const template = await evaluateStep(bench, steps.has('evaluate') ? n : k, steps.has('evaluate'));
    if (steps.has('age') || steps.has('drift')) {
      const old = await ageStep(bench, template, k, Number(values['old-days']));
      if (steps.has('drift')) await driftStep(bench, old);
    }
    if (steps.has('retention')) await retentionStep(bench, template, k);
    if (steps.has('delivery'))
      await deliveryStep(bench, Number(values.clusters), Number(values.cadence), Number(values.rounds));
    if (process.env.BENCH_HOLD) {
      // For looking at query plans: the loaded stack stays up until interrupted.
      console.log(`Holding: DATABASE_URL=${bench.stack.env.DATABASE_URL} API=${bench.stack.apiUrl}`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
