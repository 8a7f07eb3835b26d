/**
 * npm run bench:compliance [-- --findings N]
 *
 * Method: the built API (no worker) on the harness's durable PostgreSQL; one organisation with 50
 * clusters; in SQL (bench/seed.ts), 100 days of hourly evaluations per cluster and `--findings`
 * findings in all (1,000,000 by default: 20,000 per cluster, opening hour by hour over the 100
 * days, 30% of them resolving a day later), with their OPENED and RESOLVED events. Every
 * evaluation carries the newest one's per-rule counts (what the report reads is their size, not
 * their truth). Ten exceptions, recorded 120 days ago and still active, each accepting one rule
 * organisation-wide, recorded in every evaluation as the evaluator records what they covered.
 *
 * Timed over HTTP with the owner's API key, 5 warm-up requests then 40 one after the other, for
 * the moment 90 days ago and for now:
 * - the report as the console's Compliance page loads it: `complianceReport(framework:
 *   "cis-1.10", at:)` with the summary, the clusters, and every control's status, counts, per-cluster
 *   statuses and accepted risks (target, issue 19: p95 ≤ 200 ms 90 days ago);
 * - the evidence of one control, as the page loads it when the control is opened: the first 50
 *   findings of CIS 5.2.2 at that moment (no target of its own; for the record).
 *
 * Then each evidence export of the report 90 days ago (CSV, OSCAL JSON, PDF: every control, up to
 * 100 failing resources each), one warm-up and 5 timed downloads each, with their size (no target;
 * for the record: the PDF is rendered on the API's event loop).
 */
import { addMonthlyPartitions, startStack } from '@kubeward/harness';
import { RULES } from '@kubeward/rules';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchOrganization, graphql } from './http';
import { quantile, report } from './report';
import { seedFindings } from './seed';

const ROOT = path.resolve(__dirname, '../..');
const CLUSTERS = 50;
const DAYS = 100;
const FINDINGS_TOTAL = Number(
  parseArgs({ options: { findings: { type: 'string', default: '1000000' } } }).values.findings,
);
const NOW = new Date();
const END = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()));
const AGO_90 = new Date(NOW.getTime() - 90 * 86_400_000);

const REPORT = `query ($at: DateTime) {
  complianceReport(framework: "cis-1.10", at: $at) {
    summary { pass fail acceptedRisk notEvaluable manual percentage }
    clusters { clusterId evaluationId summary { percentage } }
    controls {
      control { id } status reason failingFindings acceptedFindings
      clusters { clusterId status failingFindings }
      acceptedRisks { id owner expiresAt }
    }
  }
}`;
const EVIDENCE = `query ($at: DateTime) {
  findings(at: $at, filter: { frameworks: ["cis-1.10"], ruleIds: ["privileged-container"] }, first: 50) {
    edges { node { id ruleId clusterId excepted resource { kind namespace name } } } pageInfo { hasNextPage }
  }
}`;

async function main(): Promise<void> {
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-compliance-')), 'processes.log');
  console.log(`(API logs: ${logFile})`);
  const stack = await startStack({
    root: ROOT,
    logs: createWriteStream(logFile),
    env: { LOG_LEVEL: 'warn', API_KEY_RATE_PER_MINUTE: '1000000' },
    workers: 0,
    durable: true,
  });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  try {
    const org = await benchOrganization(stack.apiUrl, stack.env.OPERATOR_TOKEN!, 'Bench', CLUSTERS);
    const { key, organizationId } = org;
    const clusters = org.clusterIds.map((clusterId) => ({ organizationId, clusterId }));
    const t0 = performance.now();
    await addMonthlyPartitions(db, new Date(END.getTime() - (DAYS + 31) * 86_400_000), END);
    // The history reaches back past the default retention's start only if the clusters are that old.
    await db.query(`UPDATE "Cluster" SET "createdAt" = $1 WHERE "organizationId" = $2`, [
      new Date(END.getTime() - DAYS * 86_400_000).toISOString(),
      organizationId,
    ]);
    await seedFindings(db, clusters, {
      findingsPerCluster: Math.ceil(FINDINGS_TOTAL / CLUSTERS),
      hours: DAYS * 24,
      end: END,
    });
    await db.query(
      `UPDATE "Evaluation" e SET "ruleCounts" = newest."ruleCounts"
       FROM "Cluster" c JOIN "Evaluation" newest ON newest.id = c."lastEvaluationId"
       WHERE e."clusterId" = c.id AND e.id <> newest.id`,
    );
    const since = new Date(END.getTime() - 120 * 86_400_000);
    for (const rule of RULES.slice(0, 10)) {
      await db.query(
        `INSERT INTO "RiskException" (id, "organizationId", "ruleId", reason, owner, "expiresAt", "createdAt", "createdBy")
         VALUES (gen_random_uuid(), $1, $2, 'Accepted for the benchmark, reviewed quarterly.', 'platform-team',
                 now() + interval '300 days', $3, 'bench')`,
        [organizationId, rule.id, since.toISOString()],
      );
    }
    // What the evaluator records of them: per rule, the open findings they covered.
    await db.query(
      `UPDATE "Evaluation" e SET "acceptedCounts" = (
         SELECT coalesce(jsonb_object_agg(x."ruleId", jsonb_build_object(
                  'findings', (SELECT sum(v::int) FROM jsonb_array_elements_text(e."ruleCounts" -> x."ruleId") v),
                  'exceptions', jsonb_build_array(x.id))), '{}')
         FROM "RiskException" x WHERE x."organizationId" = e."organizationId" AND e."ruleCounts" ? x."ruleId")
       WHERE e."organizationId" = $1`,
      [organizationId],
    );
    await db.query('VACUUM ANALYZE');
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM "Finding") AS findings, (SELECT count(*)::int FROM "Evaluation") AS evaluations,
              (SELECT count(*)::int FROM "FindingEvent") AS events`,
    );
    console.log(`Loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(rows[0])}`);
    console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}\n`);

    console.log('| request | moment | p50 | p95 | target (p95) |');
    console.log('|---|---|---:|---:|---:|');
    const requests = [
      ['the report (statuses, counts, accepted risks)', REPORT, 200],
      ['one control’s evidence (first 50 findings)', EVIDENCE, null],
    ] as const;
    for (const [what, query, target] of requests) {
      for (const [moment, at] of [
        ['90 days ago', AGO_90.toISOString()],
        ['now', null],
      ] as const) {
        const ask = () => graphql(stack.apiUrl, key, query, { at });
        for (let i = 0; i < 5; i++) await ask();
        const times: number[] = [];
        for (let i = 0; i < 40; i++) {
          const started = performance.now();
          await ask();
          times.push(performance.now() - started);
        }
        const p95 = quantile(times, 0.95);
        const targeted = target !== null && moment === '90 days ago';
        report({
          bench: 'compliance',
          figure: `${what}, CIS 1.10, ${CLUSTERS} clusters, ${(FINDINGS_TOTAL / 1e6).toLocaleString('en')}M findings, ${moment} (p95)`,
          target: targeted ? `≤ ${target} ms` : '',
          measured: `${p95.toFixed(0)} ms`,
          pass: targeted ? p95 <= target : null,
        });
        console.log(
          `| ${what} | ${moment} | ${quantile(times, 0.5).toFixed(0)} ms | ${p95.toFixed(0)} ms | ${targeted ? `${target} ms: ${p95 <= target ? 'pass' : 'FAIL'}` : '—'} |`,
        );
      }
    }
    console.log('\n| export, CIS 1.10, 90 days ago | p50 | slowest of 5 | size |');
    console.log('|---|---:|---:|---:|');
    for (const format of ['csv', 'oscal.json', 'pdf']) {
      const url = `${stack.apiUrl}/exports/compliance.${format}?${new URLSearchParams({ framework: 'cis-1.10', at: AGO_90.toISOString() })}`;
      const download = async () => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
        if (res.status !== 200) throw new Error(`${format}: ${res.status} ${await res.text()}`);
        return (await res.arrayBuffer()).byteLength;
      };
      const size = await download();
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await download();
        times.push(performance.now() - started);
      }
      report({
        bench: 'compliance',
        figure: `evidence export as ${format}, CIS 1.10, ${CLUSTERS} clusters, 90 days ago (p50)`,
        target: '',
        measured: `${quantile(times, 0.5).toFixed(0)} ms`,
        pass: null,
      });
      console.log(
        `| ${format} | ${quantile(times, 0.5).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | ${(size / 1024).toFixed(0)} KiB |`,
      );
    }
  } finally {
    await db.end();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
