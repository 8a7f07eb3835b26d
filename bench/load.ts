/**
 * npm run bench:load — the API under concurrent load, measured with autocannon (bounded: 10 s per
 * scenario, loopback only).
 *
 * Method: the built API and one worker as separate processes on the harness's PostgreSQL and
 * Redis (startStack). Ingest: 32 connections POST gzip snapshots of 10-workload clusters (each
 * request a new snapshot, round-robin over 50 clusters, built before the clock starts) while the
 * worker evaluates them. GraphQL: 16 connections ask for a filtered page of 50 findings of an
 * organisation with 50 evaluated clusters. Requests per second (mean) and latency p50 / p99;
 * anything but 202 (ingest) or 200 (GraphQL) counts as an error.
 */
import { startStack } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import autocannon from 'autocannon';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { agentBody, graphql } from './http';
import { report } from './report';

const ROOT = path.resolve(__dirname, '../..');
const CLUSTERS = 50;
const DURATION_S = 10;

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (err, result) => (err ? reject(err) : resolve(result))));
}

async function main(): Promise<void> {
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-')), 'processes.log');
  console.log(`(API and worker logs: ${logFile})`);
  const stack = await startStack({
    root: ROOT,
    logs: createWriteStream(logFile),
    // The load is measured, not the per-cluster and per-key budgets.
    env: { LOG_LEVEL: 'warn', INGEST_RATE_PER_MINUTE: '100000000', API_KEY_RATE_PER_MINUTE: '100000000' },
  });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    const { createOrganization } = await graphql<{ createOrganization: { ownerApiKey: string } }>(
      stack.apiUrl,
      stack.env.OPERATOR_TOKEN!,
      'mutation { createOrganization(name: "Load") { ownerApiKey } }',
    );
    const key = createOrganization.ownerApiKey;
    const tokens: string[] = [];
    for (let i = 0; i < CLUSTERS; i++) {
      const { registerCluster } = await graphql<{ registerCluster: { agentToken: string } }>(
        stack.apiUrl,
        key,
        'mutation ($name: String!) { registerCluster(name: $name) { agentToken } }',
        { name: `load-${i}` },
      );
      tokens.push(registerCluster.agentToken);
    }
    const bodies = Array.from({ length: 5_000 }, (_, i) =>
      agentBody(generateCluster({ workloads: 10, seed: i }), new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString()),
    );

    let next = 0;
    const ingest = await run({
      url: `${stack.apiUrl}/v1/snapshots`,
      connections: 32,
      duration: DURATION_S,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const i = next++ % bodies.length;
            const body = bodies[i]!;
            return {
              ...req,
              body: body.gzip,
              headers: {
                authorization: `Bearer ${tokens[i % CLUSTERS]}`,
                'content-type': 'application/json',
                'content-encoding': 'gzip',
                'x-kubeward-content-hash': body.contentHash,
              },
            };
          },
        },
      ],
    });
    const ingestErrors = ingest.non2xx + ingest.errors + ingest.timeouts;
    console.log(
      `ingest: ${ingest.requests.average.toFixed(0)} req/s, p50 ${ingest.latency.p50} ms, p99 ${ingest.latency.p99} ms, ${ingestErrors} errors of ${ingest.requests.total}`,
    );

    // Let the worker catch up, so that the findings being read are there.
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE status = 'RECEIVED'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const query = JSON.stringify({
      query: '{ findings(filter: { minSeverity: HIGH }, first: 50) { edges { node { id ruleId severity message } } } }',
    });
    const reads = await run({
      url: `${stack.apiUrl}/graphql`,
      connections: 16,
      duration: DURATION_S,
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: query,
    });
    const readErrors = reads.non2xx + reads.errors + reads.timeouts;
    console.log(
      `GraphQL findings page: ${reads.requests.average.toFixed(0)} req/s, p50 ${reads.latency.p50} ms, p99 ${reads.latency.p99} ms, ${readErrors} errors of ${reads.requests.total}`,
    );

    for (const [name, r, errors] of [
      ['ingest, 32 connections, small snapshots', ingest, ingestErrors],
      ['GraphQL findings page, 16 connections', reads, readErrors],
    ] as const) {
      report({
        bench: 'load',
        figure: `load: ${name}`,
        target: '—',
        measured: `${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${errors} errors`,
        pass: null,
      });
    }
  } finally {
    await db.end();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
