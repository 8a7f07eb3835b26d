/**
 * npm run bench:pipeline [-- --evaluations N] — the system of record end to end: the built API
 * and worker as separate processes on the harness's PostgreSQL and Redis (startStack), fed over
 * HTTP with gzip snapshots of synthetic clusters, timed until the evaluation row is committed.
 *
 * Figures (issue 5): a 5,000-workload snapshot from POST to committed evaluation (first snapshot
 * of a cluster, and one with 1% of its workloads changed); an unchanged resubmission (time and
 * rows written); database growth over N evaluations with 1% of workloads changing each time;
 * small snapshots accepted per second.
 */
import { startStack, type Stack } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { agentBody, graphql } from './http';
import { report } from './report';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.resolve(__dirname, '../..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(0)} ms`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Bench {
  private minute = 0;
  constructor(
    private readonly stack: Stack,
    readonly db: pg.Pool,
    private readonly ownerKey: string,
  ) {}

  static async start(logFile: string): Promise<Bench> {
    const stack = await startStack({
      root: ROOT,
      logs: createWriteStream(logFile),
      // Throughput is measured, not the per-cluster limit.
      env: { LOG_LEVEL: 'warn', INGEST_RATE_PER_MINUTE: '1000000' },
      workers: Number(process.env.BENCH_WORKERS ?? 1),
    });
    const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 4 });
    const { createOrganization } = await graphql<{ createOrganization: { ownerApiKey: string } }>(
      stack.apiUrl,
      stack.env.OPERATOR_TOKEN!,
      'mutation { createOrganization(name: "Bench") { ownerApiKey } }',
    );
    return new Bench(stack, db, createOrganization.ownerApiKey);
  }

  async cluster(name: string): Promise<{ clusterId: string; token: string }> {
    const { registerCluster } = await graphql<{ registerCluster: { cluster: { id: string }; agentToken: string } }>(
      this.stack.apiUrl,
      this.ownerKey,
      'mutation ($name: String!) { registerCluster(name: $name) { cluster { id } agentToken } }',
      { name },
    );
    return { clusterId: registerCluster.cluster.id, token: registerCluster.agentToken };
  }

  /** The manifests as the agent sends them, one minute after the previous snapshot. */
  body(manifests: Obj[]): { id: string; gzip: Buffer; contentHash: string } {
    return agentBody(manifests, new Date(Date.UTC(2026, 10, 1) + ++this.minute * 60_000).toISOString());
  }

  async post(token: string, gzip: Buffer, contentHash?: string): Promise<number> {
    const res = await fetch(`${this.stack.apiUrl}/v1/snapshots`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        ...(contentHash ? { 'x-kubeward-content-hash': contentHash } : {}),
      },
      body: gzip,
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Milliseconds from POST to the committed evaluation of that snapshot. */
  async timed(token: string, body: { id: string; gzip: Buffer; contentHash: string }): Promise<number> {
    const started = performance.now();
    const status = await this.post(token, body.gzip, body.contentHash);
    if (status !== 202) throw new Error(`ingest answered ${status}`);
    for (;;) {
      const { rows } = await this.db.query(
        `SELECT s.status FROM "Snapshot" s WHERE s."externalId" = $1 AND s.status IN ('EVALUATED', 'STALE', 'FAILED')`,
        [body.id],
      );
      if (rows.length > 0) {
        if (rows[0].status !== 'EVALUATED') throw new Error(`snapshot ${body.id} ended ${rows[0].status}`);
        return performance.now() - started;
      }
      await sleep(5);
    }
  }

  /** Rows inserted, updated and deleted so far per table, from PostgreSQL's statistics. */
  async rowsWritten(): Promise<Map<string, number>> {
    // An idle backend publishes its counters within 10 s (PGSTAT_IDLE_INTERVAL).
    await sleep(11_000);
    const client = await this.db.connect();
    try {
      await client.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await client.query(
        'SELECT relname, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS n FROM pg_stat_user_tables',
      );
      return new Map(rows.map((r) => [r.relname as string, Number(r.n)]));
    } finally {
      client.release();
    }
  }

  /** Bytes per table, indexes and TOAST included. */
  async tableBytes(): Promise<Map<string, number>> {
    const { rows } = await this.db.query(
      `SELECT relname, pg_total_relation_size(relid)::bigint AS n FROM pg_stat_user_tables`,
    );
    return new Map(rows.map((r) => [r.relname as string, Number(r.n)]));
  }

  async databaseBytes(): Promise<number> {
    const { rows } = await this.db.query('SELECT pg_database_size(current_database())::bigint AS n');
    return Number(rows[0].n);
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.stack.stop();
  }
}

/** 1% of the workloads get a new image tag: a realistic rollout, seen as MODIFIED objects. */
function rollOut(manifests: Obj[], round: number): Obj[] {
  const workloads = manifests.filter((m) => m.spec?.template?.spec?.containers ?? m.spec?.jobTemplate);
  const n = Math.max(1, Math.round(workloads.length / 100));
  for (let i = 0; i < n; i++) {
    const w = workloads[(round * n + i) % workloads.length]!;
    const spec = w.spec.template?.spec ?? w.spec.jobTemplate.spec.template.spec;
    spec.containers[0].image = `ghcr.io/acme/app:1.${round}.${i}`;
  }
  return manifests;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      evaluations: { type: 'string', default: '1000' },
      steps: { type: 'string', default: 'cold,changed,growth,ingest' },
    },
  });
  const evaluations = Number(values.evaluations);
  const steps = new Set(values.steps.split(','));
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-')), 'processes.log');
  console.log(`(API and worker logs: ${logFile})`);
  const bench = await Bench.start(logFile);
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  try {
    const base = () => generateCluster({ workloads: 5000 });
    say(`Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}`);
    const list = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (${xs.map((t) => t.toFixed(0)).join(', ')})`;

    if (steps.has('cold')) {
      // The first snapshot of a 5,000-workload cluster: every finding and object is new.
      const cold: number[] = [];
      for (let i = 0; i < 3; i++) {
        const c = await bench.cluster(`cold-${i}`);
        cold.push(await bench.timed(c.token, bench.body(base())));
      }
      say(`first 5,000-workload snapshot, POST → committed evaluation: ${list(cold)}`);
      report({
        bench: 'pipeline',
        figure: 'first 5,000-workload snapshot of a cluster, POST → committed (median)',
        target: '—',
        measured: ms(median(cold)),
        pass: null,
      });
    }

    if (steps.has('changed')) {
      // The same cluster with 1% of its workloads changed, five times; then resubmitted unchanged.
      const warm = await bench.cluster('warm');
      const manifests = base();
      await bench.timed(warm.token, bench.body(manifests));
      const changed: number[] = [];
      for (let round = 1; round <= 5; round++)
        changed.push(await bench.timed(warm.token, bench.body(rollOut(manifests, round))));
      say(`5,000-workload snapshot with 1% changed: ${list(changed)}`);
      report({
        bench: 'pipeline',
        figure: '5,000-workload snapshot, 1% changed, POST → committed (median)',
        target: '≤ 2 s',
        measured: ms(median(changed)),
        pass: median(changed) <= 2000,
      });

      const unchanged: number[] = [];
      const before = await bench.rowsWritten();
      for (let i = 0; i < 5; i++) unchanged.push(await bench.timed(warm.token, bench.body(manifests)));
      const after = await bench.rowsWritten();
      const perTable = [...after]
        .map(([t, n]) => [t, (n - (before.get(t) ?? 0)) / 5] as const)
        .filter(([, n]) => n > 0);
      const written = perTable.reduce((sum, [, n]) => sum + n, 0);
      say(
        `unchanged resubmission: ${list(unchanged)}; rows written per evaluation: ${written.toFixed(1)} (${perTable
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')})`,
      );
      report({
        bench: 'pipeline',
        figure: 'unchanged 5,000-workload resubmission (median)',
        target: '≤ 300 ms',
        measured: ms(median(unchanged)),
        pass: median(unchanged) <= 300,
      });
      report({
        bench: 'pipeline',
        figure: 'rows written by an unchanged resubmission',
        target: '≤ 10',
        measured: written.toFixed(1),
        pass: written <= 10,
      });
    }

    if (steps.has('growth')) {
      // Growth over N evaluations with 1% of the workloads changing each time.
      const grow = await bench.cluster('growth');
      const g = base();
      await bench.timed(grow.token, bench.body(g));
      const start = await bench.databaseBytes();
      const tablesBefore = await bench.tableBytes();
      const t0 = performance.now();
      for (let round = 1; round <= evaluations; round++) {
        await bench.timed(grow.token, bench.body(rollOut(g, round)));
        if (round % 100 === 0) console.error(`  … ${round} evaluations`);
      }
      const grown = (await bench.databaseBytes()) - start;
      const tables = [...(await bench.tableBytes())]
        .map(([t, n]) => [t, n - (tablesBefore.get(t) ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1]);
      say(`  by table: ${tables.map(([t, n]) => `${t} ${(n / 1e6).toFixed(1)} MB`).join(', ')}`);
      const took = ((performance.now() - t0) / 1000).toFixed(0);
      say(`${evaluations} evaluations with 1% changing: database grew ${(grown / 1e6).toFixed(1)} MB (${took} s)`);
      // The target is per 1,000 evaluations; a shorter run is scaled.
      const per1000 = (grown / 1e6) * (1000 / evaluations);
      report({
        bench: 'pipeline',
        figure: 'database growth per 1,000 evaluations, 1% changing',
        target: '≤ 50 MB',
        measured: `${per1000.toFixed(1)} MB${evaluations === 1000 ? '' : ` (from ${evaluations})`}`,
        pass: per1000 <= 50,
      });
    }

    if (steps.has('ingest')) {
      // Small snapshots accepted per second, 32 at a time, spread over 100 clusters.
      const clusters = await Promise.all(Array.from({ length: 100 }, (_, i) => bench.cluster(`small-${i}`)));
      const total = 3000;
      // Built before the clock starts: the bench must not compete with the API for the CPU.
      const bodies = Array.from({ length: total }, (_, i) => bench.body(generateCluster({ workloads: 10, seed: i })));
      let next = 0;
      let accepted = 0;
      const t1 = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < total) {
            const i = next++;
            const body = bodies[i]!;
            if ((await bench.post(clusters[i % clusters.length]!.token, body.gzip, body.contentHash)) === 202)
              accepted++;
          }
        }),
      );
      const rate = accepted / ((performance.now() - t1) / 1000);
      const workers = Number(process.env.BENCH_WORKERS ?? 1);
      report({
        bench: 'pipeline',
        figure: `small snapshots accepted by ingest (${workers} worker(s) evaluating meanwhile)`,
        target: workers === 0 ? '≥ 200/s' : '—',
        measured: `${rate.toFixed(0)}/s`,
        pass: workers === 0 ? rate >= 200 : null,
      });
      say(
        `small snapshots (10 workloads) accepted: ${rate.toFixed(0)}/s (${accepted} of ${total}, 32 concurrent, ${Number(process.env.BENCH_WORKERS ?? 1)} worker(s) evaluating meanwhile)`,
      );
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
