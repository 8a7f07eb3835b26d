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
import { RULES } from '@kubeward/rules';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DRIFT, graphql } from './http';
import { report } from './report';

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

/** Which findings (by index i) resolve during the week. */
const RESOLVES = `i % 10 < 3 AND i % ${HOURS} < ${HOURS - 24}`;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

async function load(db: pg.Pool, clusters: { organizationId: string; clusterId: string }[]): Promise<void> {
  const rules = RULES.map((r) => r.id);
  for (const { organizationId: org, clusterId: cluster } of clusters) {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const params = [org, cluster, END.toISOString()];
      await client.query(
        `INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash",
                                 "collectedAt", "sizeBytes", status)
         SELECT kubeward_uuid7(t), $1, $2, 'bench-' || h, 1, md5(h::text), t AT TIME ZONE 'UTC', 0, 'EVALUATED'
         FROM generate_series(0, ${HOURS - 1}) h,
              LATERAL (SELECT $3::timestamptz - (${HOURS - 1} - h) * interval '1 hour' AS t) at`,
        params,
      );
      await client.query(
        `INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "durationMs", score,
                                   critical, high, medium, low, info, opened, resolved, reopened, modified)
         SELECT kubeward_uuid7(s."collectedAt" AT TIME ZONE 'UTC'), $1, $2, s.id, s."collectedAt", 900, 60 + random() * 20, 5, 50, 500, 1000, 100, 60, 18, 0, 10
         FROM "Snapshot" s WHERE s."clusterId" = $2`,
        params.slice(0, 2),
      );
      // Finding i opens at hour (i mod 168) of the week; 30% of those opened before the last day resolve
      // 24 hours later.
      await client.query(
        `INSERT INTO "Finding" (id, "organizationId", "clusterId", fingerprint, "ruleId", severity, status,
                                "resourceKind", "resourceNamespace", "resourceName", container, message, paths,
                                platform, "firstSeenAt", "lastSeenAt", "resolvedAt", "resolutionReason")
         SELECT gen_random_uuid(), $1, $2, 'fp-' || i, ($4::text[])[1 + i % ${rules.length}],
                (ARRAY['INFO','LOW','MEDIUM','HIGH','CRITICAL'])[1 + (i * 7) % 5]::"Severity",
                CASE WHEN ${RESOLVES} THEN 'RESOLVED' ELSE 'OPEN' END::"FindingStatus",
                'Deployment', 'ns-' || (i % 50), 'app-' || (i / 5), 'c' || (i % 5),
                'Deployment ns/app: container "c" does something it should not. Change it.',
                '["spec.template.spec.containers[0].securityContext"]'::jsonb, i % 20 = 0, o.at, o.at,
                CASE WHEN ${RESOLVES} THEN o.at + interval '24 hours' END,
                CASE WHEN ${RESOLVES} THEN 'FIXED'::"ResolutionReason" END
         FROM generate_series(0, ${FINDINGS_PER_CLUSTER - 1}) i,
              LATERAL (SELECT ($3::timestamptz AT TIME ZONE 'UTC') - (${HOURS - 1} - i % ${HOURS}) * interval '1 hour' AS at) o`,
        [...params, rules],
      );
      await client.query(
        `INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, severity, at, "closedAt")
         SELECT kubeward_uuid7(e."collectedAt" AT TIME ZONE 'UTC'), f."organizationId", f."clusterId", f.id, e.id, 'OPENED',
                f.severity, f."firstSeenAt", f."resolvedAt"
         FROM "Finding" f JOIN "Evaluation" e ON e."clusterId" = f."clusterId" AND e."collectedAt" = f."firstSeenAt"
         WHERE f."clusterId" = $1`,
        [cluster],
      );
      await client.query(
        `INSERT INTO "FindingEvent" (id, "organizationId", "clusterId", "findingId", "evaluationId", type, reason, severity, at)
         SELECT kubeward_uuid7(e."collectedAt" AT TIME ZONE 'UTC'), f."organizationId", f."clusterId", f.id, e.id, 'RESOLVED',
                'FIXED', f.severity, f."resolvedAt"
         FROM "Finding" f JOIN "Evaluation" e ON e."clusterId" = f."clusterId" AND e."collectedAt" = f."resolvedAt"
         WHERE f."clusterId" = $1 AND f.status = 'RESOLVED'`,
        [cluster],
      );
      await client.query(
        `INSERT INTO "ObjectChange" (id, "organizationId", "clusterId", "evaluationId", "objectKey", kind, namespace, name, type, diff, at)
         SELECT kubeward_uuid7(e."collectedAt" AT TIME ZONE 'UTC'), e."organizationId", e."clusterId", e.id,
                'Deployment/ns-' || j || '/app-' || j,
                'Deployment', 'ns-' || j, 'app-' || j, 'MODIFIED',
                '[{"path":"spec.template.spec.containers[name=c].image","before":"a:1","after":"a:2"}]'::jsonb, e."collectedAt"
         FROM "Evaluation" e, generate_series(0, 9) j WHERE e."clusterId" = $1`,
        [cluster],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
  await db.query('VACUUM ANALYZE');
}

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
      const { createOrganization } = await graphql<{
        createOrganization: { ownerApiKey: string; organization: { id: string } };
      }>(
        stack.apiUrl,
        stack.env.OPERATOR_TOKEN!,
        `mutation { createOrganization(name: "Org ${o}") { ownerApiKey organization { id } } }`,
      );
      const clusters: string[] = [];
      for (let c = 0; c < CLUSTERS_PER_ORG; c++) {
        const { registerCluster } = await graphql<{ registerCluster: { cluster: { id: string } } }>(
          stack.apiUrl,
          createOrganization.ownerApiKey,
          `mutation { registerCluster(name: "cluster-${c}") { cluster { id } } }`,
        );
        clusters.push(registerCluster.cluster.id);
        all.push({ organizationId: createOrganization.organization.id, clusterId: registerCluster.cluster.id });
      }
      orgs.push({ key: createOrganization.ownerApiKey, clusters });
    }
    const t0 = performance.now();
    await load(db, all);
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
