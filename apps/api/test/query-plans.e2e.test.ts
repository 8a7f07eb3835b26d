import { MONTH_OF_HISTORY, seedHistory } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import {
  PARTITIONED_TABLES,
  partitionName,
  partitionsCovering,
  periodStart,
} from '../src/infra/partitions/partition-plan';
import { PartitionUpkeepService } from '../src/infra/partitions/partition-upkeep.service';
import { PartitionsRepository } from '../src/infra/partitions/partitions.repository';
import { PrismaService, type SqlStatement } from '../src/infra/prisma/prisma.service';
import { PurgeService } from '../src/modules/deletions/purge.service';
import { OutboxReconcilerService } from '../src/modules/evaluation/jobs/outbox-reconciler.service';
import { AlertMonitorService } from '../src/modules/webhooks/alert-monitor.service';
import { createTestContext, type TestContext } from './support/context';
import { clientFor } from './support/graphql';
import { post, privilegedDeployment, settled, snapshotOf } from './support/snapshots';

/** Tables that grow with a cluster's age: no statement may read one from end to end. */
const HISTORY = new Set([
  'Snapshot',
  'SnapshotPayload',
  'Evaluation',
  'Finding',
  'FindingEvent',
  'ObjectChange',
  'WebhookEvent',
  'WebhookDelivery',
  'WebhookDeliveryAttempt',
  'AuditLog',
]);
const TOUCHES_HISTORY = new RegExp(`"(${[...HISTORY].join('|')})"`);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * The history tables a plan reads whole: a sequential scan, or an index walked end to end (no
 * condition on it) unless the index is partial (then it holds only the rows the predicate keeps).
 */
/**
 * The relations a plan reads other than by a key lookup (`id = …`, which run-time pruning takes to
 * its one partition however many the plan lists).
 */
const rangeReads = (node: PlanNode): string[] => [
  ...(node['Relation Name'] && !/\(id = /.test(node['Index Cond'] ?? '') ? [node['Relation Name']] : []),
  ...(node.Plans ?? []).flatMap(rangeReads),
];

const readsWhole = (node: PlanNode, partial: Set<string>): string[] => {
  // A partition reads as its table.
  const table = (node['Relation Name'] ?? '').replace(/_p\d{6,8}$/, '');
  const whole =
    HISTORY.has(table) &&
    (node['Node Type'] === 'Seq Scan' ||
      (/Index/.test(node['Node Type']) && !node['Index Cond'] && !partial.has(node['Index Name'] ?? '')));
  return [
    ...(whole ? [`${table} (${node['Node Type']})`] : []),
    ...(node.Plans ?? []).flatMap((n) => readsWhole(n, partial)),
  ];
};

/**
 * Every statement the API and the worker send while a cluster with a month of five-minute history
 * is pushed to, queried, re-evaluated, kept (retention, outbox, monitors) and another is deleted,
 * is planned again (EXPLAIN, with the values it was sent with) on that database: none may read a
 * history table from end to end. A new query without an index for its filter fails here.
 */
describe('query plans on a year-old database', () => {
  let ctx: TestContext;
  const statements = new Map<string, SqlStatement>();

  beforeAll(async () => {
    ctx = await createTestContext({ LOG_SQL: 'true', PURGE_INTERVAL_MS: '3600000', MONITOR_INTERVAL_MS: '3600000' });
  });
  afterAll(() => ctx?.close());

  it('never reads a history table from end to end', async () => {
    const { organizationId, ownerKey } = await ctx.newOrg();
    const owner = clientFor(ctx.url, ownerKey);
    const old = await ctx.newCluster(organizationId, 'old');
    const doomed = await ctx.newCluster(organizationId, 'doomed');
    const manifests = generateCluster({ workloads: 200, seed: 3 }) as Record<string, unknown>[];
    const first = snapshotOf([...manifests, privilegedDeployment], new Date(Date.now() - 120_000).toISOString());
    for (const c of [old, doomed]) {
      expect((await post(ctx.url, c.agentToken, first)).status).toBe(202);
      expect(await settled(ctx.sql, c.clusterId, first.snapshotId)).toBe('EVALUATED');
    }
    await seedHistory(ctx.sql, organizationId, old.clusterId, MONTH_OF_HISTORY);
    await seedHistory(ctx.sql, organizationId, doomed.clusterId, { ...MONTH_OF_HISTORY, snapshots: 500 });
    // Months of history long before the week the reads below ask for: a window's reads must not
    // touch them.
    const longAgo = new Date(Date.now() - 300 * 86_400_000);
    const oldMonth = partitionName('X', 'month', periodStart('month', longAgo)).slice(1);
    for (const t of PARTITIONED_TABLES.filter((t) => t.unit === 'month')) {
      for (const p of partitionsCovering(t, longAgo, longAgo)) await ctx.worker!.get(PartitionsRepository).create(p);
    }
    await ctx.sql.query('ANALYZE');

    // From here on, what the service sends is planned again below.
    const capture = (s: SqlStatement) => {
      if (!statements.has(s.query)) statements.set(s.query, s);
    };
    const stops = [ctx.api, ctx.worker!].map((app) => app.get(PrismaService).onStatement(capture));
    try {
      const changed = snapshotOf(
        [...manifests.slice(2), privilegedDeployment],
        new Date(Date.now() - 60_000).toISOString(),
      );
      expect((await post(ctx.url, old.agentToken, changed)).status).toBe(202);
      expect(await settled(ctx.sql, old.clusterId, changed.snapshotId)).toBe('EVALUATED');
      const same = snapshotOf([...manifests.slice(2), privilegedDeployment], new Date().toISOString());
      expect((await post(ctx.url, old.agentToken, same)).status).toBe(202);
      expect(await settled(ctx.sql, old.clusterId, same.snapshotId)).toBe('EVALUATED');
      const copy = await owner.request<{ requestReevaluation: string }>(
        'mutation ($c: ID!) { requestReevaluation(clusterId: $c) }',
        { c: old.clusterId },
      );
      await settledById(copy.requestReevaluation);

      const week = { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() };
      const c = { c: old.clusterId };
      const { findings } = await owner.request<{ findings: { edges: { node: { id: string } }[] } }>(
        '{ findings(first: 20) { totalCount edges { node { id } } pageInfo { endCursor } } }',
      );
      const reads: [string, Record<string, unknown>][] = [
        ['query ($c: ID!) { findings(filter: { clusterIds: [$c], minSeverity: HIGH }) { edges { node { id } } } }', c],
        [
          '{ findings(filter: { namespaces: ["shop"], status: RESOLVED }, first: 5) { totalCount edges { cursor } } }',
          {},
        ],
        [
          'query ($at: DateTime!) { findings(at: $at, first: 5) { edges { node { id } } } }',
          { at: new Date(Date.now() - 86_400_000).toISOString() },
        ],
        [
          'query ($id: ID!) { finding(id: $id) { id events { type cause { kind } } } }',
          { id: findings.edges[0]!.node.id },
        ],
        ['query ($c: ID!) { evaluations(clusterId: $c, first: 5) { edges { cursor node { score } } } }', c],
        [
          'query ($c: ID!, $from: DateTime!, $to: DateTime!) { postureTrend(clusterId: $c, from: $from, to: $to, bucket: HOUR) { score } }',
          { ...c, ...week },
        ],
        [
          'query ($c: ID!, $from: DateTime!, $to: DateTime!) { postureTrend(clusterId: $c, from: $from, to: $to) { score } }',
          { ...c, ...week },
        ],
        [
          'query ($c: ID!, $from: DateTime!, $to: DateTime!) { drift(clusterId: $c, from: $from, to: $to) { truncated } }',
          { ...c, ...week },
        ],
        ['query ($c: ID!) { objectChanges(clusterId: $c, first: 5) { edges { node { name } } } }', c],
        ['{ clusters { id stale } auditLog(first: 5) { edges { node { action } } } exceptions { id } }', {}],
      ];
      for (const [query, variables] of reads) await owner.request(query, variables);
      const { evaluations } = await owner.request<{ evaluations: { pageInfo: { endCursor: string } } }>(
        'query ($c: ID!) { evaluations(clusterId: $c, first: 2) { pageInfo { endCursor } } }',
        c,
      );
      await owner.request(
        'query ($c: ID!, $after: String) { evaluations(clusterId: $c, after: $after) { edges { cursor } } }',
        {
          ...c,
          after: evaluations.pageInfo.endCursor,
        },
      );

      // The worker's periodic work, and a deletion purged.
      await ctx.worker!.get(OutboxReconcilerService).runOnce();
      await ctx.worker!.get(AlertMonitorService).runOnce();
      await owner.request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: doomed.clusterId });
      await ctx.worker!.get(PurgeService).runOnce();
      await ctx.worker!.get(PartitionUpkeepService).runOnce(new Date(Date.now() + 30 * 86_400_000));
    } finally {
      for (const stop of stops) stop();
    }

    const planned = [...statements.values()].filter(
      (s) => TOUCHES_HISTORY.test(s.query) && /^\s*(SELECT|UPDATE|DELETE|WITH|INSERT[\s\S]+SELECT)/i.test(s.query),
    );
    expect(planned.length).toBeGreaterThan(30);
    const { rows: partials } = await ctx.sql.query<{ name: string }>(
      `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indpred IS NOT NULL`,
    );
    const partial = new Set(partials.map((p) => p.name.replace(/"/g, '')));
    // Whether an index can serve each statement, not which plan the sizes here favour: a week of
    // one cluster is a fifth of this database but a sliver of a production one.
    const db = await ctx.sql.connect();
    const scans: string[] = [];
    const indexesOf = new Map<string, string>();
    const relationsOf = new Map<string, string[]>();
    try {
      await db.query('SET enable_seqscan = off');
      for (const s of planned) {
        const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${s.query}`,
          JSON.parse(s.params) as unknown[],
        );
        const plan = rows[0]!['QUERY PLAN'][0].Plan;
        relationsOf.set(s.query, rangeReads(plan));
        indexesOf.set(
          s.query,
          JSON.stringify(plan)
            .match(/"Index Name":"[^"]+"/g)
            ?.join(' ') ?? '',
        );
        const tables = readsWhole(plan, partial);
        if (tables.length > 0) scans.push(`${tables.join(', ')} ← ${s.query.replace(/\s+/g, ' ').slice(0, 300)}`);
      }
    } finally {
      db.release();
    }
    expect(scans).toEqual([]);
    // A window's reads (drift, trend, object changes since a time) prune the partitions before it.
    const windowed = [...relationsOf].filter(([q]) =>
      /"(FindingEvent|ObjectChange|Evaluation)"[\s\S]*\bid >= /.test(q),
    );
    expect(windowed.length).toBeGreaterThanOrEqual(5);
    for (const [q, relations] of windowed) {
      expect(
        relations.filter((r) => r.endsWith(oldMonth)),
        q,
      ).toEqual([]);
    }
    // What made an evaluation's cost grow with the cluster's age: dropping the previous payload
    // walked every snapshot the cluster ever had; now it reads the few payloads still held.
    const clearing = [...indexesOf].filter(([q]) => /DELETE FROM "SnapshotPayload" p USING/.test(q));
    expect(clearing.length).toBeGreaterThan(0);
    for (const [, indexes] of clearing) expect(indexes).toMatch(/SnapshotPayload_p\d{8}_clusterId_snapshotId_idx/);
  }, 300_000);

  async function settledById(id: string): Promise<void> {
    const { rows } = await ctx.sql.query(`SELECT "clusterId", "externalId" FROM "Snapshot" WHERE id = $1`, [id]);
    expect(await settled(ctx.sql, rows[0].clusterId, rows[0].externalId)).toBe('EVALUATED');
  }
});
