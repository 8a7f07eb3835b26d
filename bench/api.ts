/**
 * npm run bench:api — GraphQL read latency on a large history, through HTTP.
 *
 * Method: the real API (no worker) on the harness's PostgreSQL; 10 organisations with 10 clusters
 * each, registered through GraphQL; then, in SQL (the write path is bench:pipeline's business),
 * a week of hourly evaluations per cluster (16,800), `--findings` findings in all (10,000,000 by
 * default, 100,000 per cluster; a quarter resolved during the week), their OPENED and RESOLVED
 * events (1.3 per finding) and 10 object changes
 * per evaluation (168,000). After VACUUM ANALYZE, each query is sent sequentially from this
 * process (one client), after 20 warm-up requests, with a random organisation and cluster each
 * time; p50 and p95 of the wall time from request to parsed answer.
 * Targets (issue 6): a filtered `findings` page of 50 p95 ≤ 50 ms; `drift` over a week ≤ 100 ms.
 */
import { startStack } from '@kubeward/harness';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchOrganization, DRIFT, graphql } from './http';
import { quantile, report } from './report';
import { seedFindings } from './seed';

const ROOT = path.resolve(__dirname, '../..');
const ORGS = 10;
const CLUSTERS_PER_ORG = 10;
/** `--findings N` in all (10 million by default, issue 15's figure), spread over the clusters. */
const FINDINGS_TOTAL = Number(
  parseArgs({ options: { findings: { type: 'string', default: '10000000' } } }).values.findings,
);
const FINDINGS_PER_CLUSTER = Math.ceil(FINDINGS_TOTAL / (ORGS * CLUSTERS_PER_ORG));
const HOURS = 168;
// The week ends at the start of today (UTC): history lands in partitions, which exist from a month back.
const NOW = new Date();
const END = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()));

async function main(): Promise<void> {
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-api-')), 'processes.log');
  console.log(`(API logs: ${logFile})`);
  const stack = await startStack({
    root: ROOT,
    logs: createWriteStream(logFile),
    env: { LOG_LEVEL: 'warn', API_KEY_RATE_PER_MINUTE: '1000000' },
    workers: 0,
  });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    const orgs: { key: string; clusters: string[] }[] = [];
    const all: { organizationId: string; clusterId: string }[] = [];
    for (let o = 0; o < ORGS; o++) {
      const org = await benchOrganization(stack.apiUrl, stack.env.OPERATOR_TOKEN!, `Org ${o}`, CLUSTERS_PER_ORG);
      orgs.push({ key: org.key, clusters: org.clusterIds });
      all.push(...org.clusterIds.map((clusterId) => ({ organizationId: org.organizationId, clusterId })));
    }
    const t0 = performance.now();
    await seedFindings(db, all, { findingsPerCluster: FINDINGS_PER_CLUSTER, hours: HOURS, end: END });
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM "Finding")::int AS findings, (SELECT count(*) FROM "FindingEvent")::int AS events,
              (SELECT count(*) FROM "ObjectChange")::int AS changes, (SELECT count(*) FROM "Evaluation")::int AS evaluations`,
    );
    console.log(`Loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(rows[0])}`);
    console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}\n`);
    if (process.env.BENCH_HOLD) {
      // For looking at query plans: the loaded stack stays up until interrupted.
      console.log(
        `Holding: DATABASE_URL=${stack.env.DATABASE_URL} API=${stack.apiUrl} KEY=${orgs[0]!.key} CLUSTER=${orgs[0]!.clusters[0]}`,
      );
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      return;
    }

    let seed = 1;
    const pick = <T>(xs: T[]) => xs[(seed = (seed * 48271) % 2147483647) % xs.length]!;
    const weekAgo = new Date(END.getTime() - 7 * 24 * 3600 * 1000).toISOString();
    const threeDaysAgo = new Date(END.getTime() - 3 * 24 * 3600 * 1000).toISOString();
    // Cursors of each organisation's first page, taken before the clock starts.
    const secondPage = new Map<string, string>();
    for (const org of orgs) {
      const first = await graphql<{ findings: { pageInfo: { endCursor: string } } }>(
        stack.apiUrl,
        org.key,
        FINDINGS,
        {},
      );
      secondPage.set(org.key, first.findings.pageInfo.endCursor);
    }
    const queries: { name: string; target?: number; run: () => Promise<unknown> }[] = [
      {
        name: 'findings: one cluster, HIGH and above, page of 50',
        target: 50,
        run: () => {
          const org = pick(orgs);
          return graphql(stack.apiUrl, org.key, FINDINGS, {
            filter: { clusterIds: [pick(org.clusters)], minSeverity: 'HIGH' },
          });
        },
      },
      {
        name: 'findings: whole organisation, one namespace and area, page of 50',
        target: 50,
        run: () =>
          graphql(stack.apiUrl, pick(orgs).key, FINDINGS, {
            filter: { namespaces: [`ns-${seed % 50}`], areas: ['containers'] },
          }),
      },
      {
        name: 'findings: whole organisation, next page (cursor)',
        target: 50,
        run: () => {
          const org = pick(orgs);
          return graphql(stack.apiUrl, org.key, FINDINGS, { after: secondPage.get(org.key) });
        },
      },
      {
        name: 'findings: one cluster, open 3 days ago (at), page of 50',
        target: 50,
        run: () => {
          const org = pick(orgs);
          return graphql(stack.apiUrl, org.key, FINDINGS, {
            filter: { clusterIds: [pick(org.clusters)] },
            at: threeDaysAgo,
          });
        },
      },
      {
        name: 'drift: one cluster over a week (counts, and the first 100 of each list)',
        target: 100,
        run: () => {
          const org = pick(orgs);
          return graphql(stack.apiUrl, org.key, DRIFT, { c: pick(org.clusters), from: weekAgo, to: END.toISOString() });
        },
      },
    ];
    console.log('| query | p50 | p95 | target (p95) |');
    console.log('|---|---:|---:|---:|');
    for (const q of queries) {
      for (let i = 0; i < 20; i++) await q.run();
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        await q.run();
        times.push(performance.now() - t);
      }
      const p95 = quantile(times, 0.95);
      const verdict = q.target ? `${q.target} ms: ${p95 <= q.target ? 'pass' : 'FAIL'}` : '';
      report({
        bench: 'api',
        figure: `GraphQL p95, ${(FINDINGS_TOTAL / 1e6).toLocaleString('en')}M finding rows: ${q.name}`,
        target: q.target ? `≤ ${q.target} ms` : '—',
        measured: `${p95.toFixed(1)} ms`,
        pass: q.target ? p95 <= q.target : null,
      });
      console.log(`| ${q.name} | ${quantile(times, 0.5).toFixed(1)} ms | ${p95.toFixed(1)} ms | ${verdict} |`);
    }
  } finally {
    await db.end();
    await stack.stop();
  }
}

const FINDINGS = `query ($filter: FindingFilter, $at: DateTime, $after: String) {
  findings(filter: $filter, at: $at, after: $after, first: 50) {
    edges { cursor node { id ruleId severity status excepted resource { kind namespace name } container message firstSeenAt } }
    pageInfo { hasNextPage endCursor } } }`;

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
