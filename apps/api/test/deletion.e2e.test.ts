import { type HistoryShape, seedHistory } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import type { ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { createWorker } from '../src/bootstrap';
import { CLUSTER_TABLES, ORGANIZATION_TABLES } from '../src/modules/deletions/purge-plan';
import { type PurgeBatch, PurgeService } from '../src/modules/deletions/purge.service';
import { createTestContext, eventually, OPERATOR_TOKEN, spawnWorker, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { post, privilegedDeployment, settled, snapshotOf } from './support/snapshots';

/** 51,000 rows of history for one cluster: evaluations, findings and events, object states and changes, alerts. */
const HISTORY: HistoryShape = {
  snapshots: 2000,
  changesPerSnapshot: 5,
  findings: 5000,
  eventsPerSnapshot: 10,
  objects: 10_000,
  alerts: 1000,
};
const seed = (sql: pg.Pool, organizationId: string, clusterId: string) =>
  seedHistory(sql, organizationId, clusterId, HISTORY);

/** Rows of every table with the column, for the value (tables found in the schema, not listed here). */
async function rowsWith(sql: pg.Pool, column: string, value: string): Promise<Record<string, number>> {
  const { rows: tables } = await sql.query<{ table: string }>(
    `SELECT table_name AS table FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = $1
       AND NOT (SELECT relispartition FROM pg_class WHERE oid = format('%I', table_name)::regclass) ORDER BY 1`,
    [column],
  );
  const out: Record<string, number> = {};
  for (const { table } of tables) {
    out[table] = (
      await sql.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`, [value])
    ).rows[0].n;
  }
  return out;
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

const privileged = privilegedDeployment;

const DELETIONS = '{ clusterDeletions { id kind clusterId name stage rowsDeleted attempts startedAt finishedAt } }';
interface Deletion {
  id: string;
  kind: string;
  clusterId: string | null;
  name: string;
  stage: string | null;
  rowsDeleted: number;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Holds a row lock on one of the cluster's snapshots: the purge waits there until `release`. */
async function blockSnapshots(sql: pg.Pool, clusterId: string) {
  const client = await sql.connect();
  await client.query('BEGIN');
  await client.query(`SELECT id FROM "Snapshot" WHERE "clusterId" = $1 ORDER BY id LIMIT 1 FOR UPDATE`, [clusterId]);
  return {
    /** Until the purge is waiting for this lock. */
    reached: () =>
      eventually(
        async () => {
          const { rows } = await sql.query(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%DELETE FROM "Snapshot"%'`,
          );
          return rows.length > 0 ? true : undefined;
        },
        'the purge to wait at the snapshots',
        60_000,
      ),
    release: async () => {
      await client.query('ROLLBACK');
      client.release();
    },
  };
}

describe('deleting clusters and organisations', () => {
  it('hides a deleted cluster at once, then removes its history in bounded batches while another cluster evaluates', async () => {
    // The worker's own purge runs only at start-up here: the test runs it, to watch every batch.
    const ctx = await createTestContext({ PURGE_INTERVAL_MS: '3600000', PURGE_BATCH_ROWS: '1000' });
    try {
      const { organizationId, ownerKey } = await ctx.newOrg();
      const client = clientFor(ctx.url, ownerKey);
      const doomed = await ctx.newCluster(organizationId, 'doomed');
      const busy = await ctx.newCluster(organizationId, 'busy');
      const first = snapshotOf([privileged], new Date(Date.now() - 60_000).toISOString());
      for (const c of [doomed, busy]) {
        expect((await post(ctx.url, c.agentToken, first)).status).toBe(202);
        expect(await settled(ctx.sql, c.clusterId, first.snapshotId)).toBe('EVALUATED');
      }
      const seeded = await seed(ctx.sql, organizationId, doomed.clusterId);
      const { createException } = await client.request<{ createException: { id: string } }>(
        `mutation ($c: ID!, $until: DateTime!) { createException(input: { clusterId: $c, ruleId: "privileged-container",
           reason: "lab cluster, torn down soon", owner: "sre", expiresAt: $until }) { id } }`,
        { c: doomed.clusterId, until: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      );
      const FINDINGS = '{ findings(first: 200) { edges { node { id clusterId } } } }';
      type Findings = { findings: { edges: { node: { id: string; clusterId: string } }[] } };
      const doomedFinding = (await client.request<Findings>(FINDINGS)).findings.edges.find(
        (e) => e.node.clusterId === doomed.clusterId,
      )!.node.id;
      const busyBefore = await rowsWith(ctx.sql, 'clusterId', busy.clusterId);

      expect(await client.request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: doomed.clusterId })).toEqual({
        deleteCluster: true,
      });

      // Hidden at once, before any of its 51,000 rows is removed.
      expect((await client.request<{ clusters: { id: string }[] }>('{ clusters { id } }')).clusters).toEqual([
        { id: busy.clusterId },
      ]);
      const findings = (await client.request<Findings>(FINDINGS)).findings.edges.map((e) => e.node.clusterId);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((c) => c === busy.clusterId)).toBe(true);
      const openThen = await client.request<Findings>(
        'query ($at: DateTime!) { findings(at: $at, first: 200) { edges { node { id clusterId } } } }',
        { at: new Date().toISOString() },
      );
      expect(openThen.findings.edges.length).toBeGreaterThan(0);
      expect(openThen.findings.edges.every((e) => e.node.clusterId === busy.clusterId)).toBe(true);
      expect(
        await failureOf(client.request('query ($id: ID!) { finding(id: $id) { id } }', { id: doomedFinding })),
      ).toMatch(/^NOT_FOUND/);
      expect(
        await failureOf(
          client.request('query ($c: ID!) { evaluations(clusterId: $c) { edges { node { id } } } }', {
            c: doomed.clusterId,
          }),
        ),
      ).toBe('NOT_FOUND: No such cluster.');
      const exceptions = await client.request<{ exceptions: { id: string }[] }>(
        '{ exceptions(includeInactive: true) { id } }',
      );
      expect(exceptions.exceptions.map((x) => x.id)).not.toContain(createException.id);
      expect((await post(ctx.url, doomed.agentToken, snapshotOf([], new Date().toISOString()))).status).toBe(401);
      expect(
        await failureOf(client.request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: doomed.clusterId })),
      ).toBe('NOT_FOUND: No such cluster.');
      // Its name is free again at once.
      const again = await client.request<{ registerCluster: { cluster: { id: string } } }>(
        'mutation { registerCluster(name: "doomed") { cluster { id } } }',
      );
      expect(again.registerCluster.cluster.id).not.toBe(doomed.clusterId);
      const audit = await client.request<{ auditLog: { edges: { node: { action: string; targetId: string } }[] } }>(
        '{ auditLog(action: "cluster.delete") { edges { node { action targetId } } } }',
      );
      expect(audit.auditLog.edges.map((e) => e.node)).toEqual([
        { action: 'cluster.delete', targetId: doomed.clusterId },
      ]);
      const queued = (await client.request<{ clusterDeletions: Deletion[] }>(DELETIONS)).clusterDeletions;
      expect(queued).toEqual([
        expect.objectContaining({
          kind: 'CLUSTER',
          clusterId: doomed.clusterId,
          name: 'doomed',
          rowsDeleted: 0,
          finishedAt: null,
        }),
      ]);

      // The purge, stopped halfway (a lock held on one of its snapshots): progress shows, and the
      // other cluster's evaluations go on meanwhile.
      const block = await blockSnapshots(ctx.sql, doomed.clusterId);
      const batches: PurgeBatch[] = [];
      const purging = ctx.worker!.get(PurgeService).runOnce((b) => batches.push(b));
      await block.reached();
      const [halfway] = (await client.request<{ clusterDeletions: Deletion[] }>(DELETIONS)).clusterDeletions;
      expect(halfway).toMatchObject({ attempts: 1, finishedAt: null });
      expect(halfway!.stage).toMatch(new RegExp(`^(Evaluation|Snapshot) \\(cluster ${doomed.clusterId}\\)$`));
      expect(halfway!.rowsDeleted).toBeGreaterThan(30_000);
      expect(halfway!.startedAt).not.toBeNull();
      for (let i = 0; i < 3; i++) {
        const next = snapshotOf(
          generateCluster({ workloads: 40, seed: 20 + i }) as Record<string, unknown>[],
          new Date(Date.now() - 30_000 + i * 1000).toISOString(),
        );
        expect((await post(ctx.url, busy.agentToken, next)).status).toBe(202);
        expect(await settled(ctx.sql, busy.clusterId, next.snapshotId)).toBe('EVALUATED');
      }
      await block.release();
      expect(await purging).toBe(1);

      // Every statement removed at most a batch; together, everything.
      expect(batches.every((b) => b.rows <= 1000)).toBe(true);
      expect(batches.filter((b) => b.rows > 0).length).toBeGreaterThanOrEqual(seeded / 1000);
      const total = batches.reduce((n, b) => n + b.rows, 0);
      expect(total).toBeGreaterThanOrEqual(seeded);
      const [done] = (await client.request<{ clusterDeletions: Deletion[] }>(DELETIONS)).clusterDeletions;
      expect(done).toMatchObject({ rowsDeleted: total, stage: null, attempts: 1 });
      expect(done!.finishedAt).not.toBeNull();
      expect(nonZero(await rowsWith(ctx.sql, 'clusterId', doomed.clusterId))).toEqual({ Deletion: 1 });
      expect(
        (await ctx.sql.query(`SELECT count(*)::int AS n FROM "Cluster" WHERE id = $1`, [doomed.clusterId])).rows[0].n,
      ).toBe(0);
      // The other cluster lost nothing (and gained its three evaluations).
      const busyAfter = await rowsWith(ctx.sql, 'clusterId', busy.clusterId);
      for (const [table, n] of Object.entries(busyBefore)) expect(busyAfter[table]).toBeGreaterThanOrEqual(n);
      expect(busyAfter.Evaluation).toBe(busyBefore.Evaluation! + 3);
    } finally {
      await ctx.close();
    }
  }, 180_000);

  it("resumes a purge whose worker was killed, once the dead worker's lease lapses", async () => {
    const ctx = await createTestContext({}, { worker: false });
    const env = { PURGE_BATCH_ROWS: '500', PURGE_LEASE_SECONDS: '5', PURGE_INTERVAL_MS: '200' };
    let first: ChildProcess | undefined;
    try {
      const { organizationId, ownerKey } = await ctx.newOrg();
      const { clusterId } = await ctx.newCluster(organizationId, 'doomed');
      await seed(ctx.sql, organizationId, clusterId);
      await clientFor(ctx.url, ownerKey).request('mutation ($id: ID!) { deleteCluster(id: $id) }', { id: clusterId });
      const block = await blockSnapshots(ctx.sql, clusterId);
      first = spawnWorker(ctx, env);
      await block.reached();
      first.kill('SIGKILL');
      await block.release();

      const second = await createWorker(ctx.config);
      try {
        const done = await eventually(
          async () => {
            const { rows } = await ctx.sql.query(
              `SELECT attempts, "finishedAt" FROM "Deletion" WHERE "clusterId" = $1`,
              [clusterId],
            );
            return rows[0]?.finishedAt ? rows[0] : undefined;
          },
          'the purge to be resumed and finished',
          120_000,
        );
        expect(done.attempts).toBe(2);
        expect(nonZero(await rowsWith(ctx.sql, 'clusterId', clusterId))).toEqual({ Deletion: 1 });
      } finally {
        await second.close();
      }
    } finally {
      first?.kill('SIGKILL');
      await ctx.close();
    }
  }, 180_000);

  describe('an organisation', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({ PURGE_INTERVAL_MS: '200', PURGE_BATCH_ROWS: '2000' });
    });
    afterAll(() => ctx?.close());

    it('is deleted by the operator only: its keys and agents are refused at once, then everything it had is removed', async () => {
      const doomed = await ctx.newOrg('doomed');
      const kept = await ctx.newOrg('kept');
      const [a, b] = [await ctx.newCluster(doomed.organizationId), await ctx.newCluster(doomed.organizationId)];
      const k = await ctx.newCluster(kept.organizationId);
      const snapshot = snapshotOf([privileged], new Date(Date.now() - 60_000).toISOString());
      for (const c of [a, b, k]) {
        expect((await post(ctx.url, c.agentToken, snapshot)).status).toBe(202);
        expect(await settled(ctx.sql, c.clusterId, snapshot.snapshotId)).toBe('EVALUATED');
      }
      await seed(ctx.sql, doomed.organizationId, a.clusterId);
      const owner = clientFor(ctx.url, doomed.ownerKey);
      await owner.request('mutation { createApiKey(name: "ci", role: VIEWER) { key } }');
      const keptBefore = await rowsWith(ctx.sql, 'organizationId', kept.organizationId);

      const DELETE = 'mutation ($id: ID!) { deleteOrganization(id: $id) { id kind name finishedAt } }';
      expect(await failureOf(owner.request(DELETE, { id: doomed.organizationId }))).toBe(
        'UNAUTHENTICATED: This operation needs the operator token.',
      );
      const operator = clientFor(ctx.url, OPERATOR_TOKEN);
      expect(await failureOf(operator.request(DELETE, { id: k.clusterId }))).toBe(
        'NOT_FOUND: No such organisation (or it is already deleted).',
      );
      const { deleteOrganization } = await operator.request<{
        deleteOrganization: { id: string; kind: string; name: string; finishedAt: string | null };
      }>(DELETE, { id: doomed.organizationId });
      expect(deleteOrganization).toMatchObject({ kind: 'ORGANIZATION', name: 'doomed' });

      expect(await failureOf(owner.request('{ clusters { id } }'))).toMatch(/^UNAUTHENTICATED/);
      for (const c of [a, b]) expect((await post(ctx.url, c.agentToken, snapshot)).status).toBe(401);
      expect(await failureOf(operator.request(DELETE, { id: doomed.organizationId }))).toMatch(/^NOT_FOUND/);

      const DELETION = 'query ($id: ID!) { deletion(id: $id) { finishedAt rowsDeleted stage } }';
      const finished = await eventually(
        async () => {
          const { deletion } = await operator.request<{ deletion: { finishedAt: string | null; rowsDeleted: number } }>(
            DELETION,
            { id: deleteOrganization.id },
          );
          return deletion.finishedAt ? deletion : undefined;
        },
        'the organisation purge',
        120_000,
      );
      expect(finished.rowsDeleted).toBeGreaterThan(51_000);
      // Nothing of it is left anywhere but the record of its deletion.
      expect(nonZero(await rowsWith(ctx.sql, 'organizationId', doomed.organizationId))).toEqual({ Deletion: 1 });
      const left = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Organization" WHERE id = $1`, [
        doomed.organizationId,
      ]);
      expect(left.rows[0].n).toBe(0);
      expect(await rowsWith(ctx.sql, 'organizationId', kept.organizationId)).toEqual(keptBefore);
      expect((await post(ctx.url, k.agentToken, snapshotOf([], new Date().toISOString()))).status).toBe(202);
    }, 180_000);

    it('purges every table below a cluster or an organisation, each before the rows it points at', async () => {
      // From the migrated schema: a new table holding a cluster's or an organisation's rows must be
      // in the purge plan. (History tables have no foreign keys: purge-plan.test.ts orders them.)
      const { rows: fks } = await ctx.sql.query<{ child: string; parent: string }>(`
        SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
        FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`);
      const unquote = (t: string) => t.replace(/"/g, '');
      const edges = fks.map((f) => ({ child: unquote(f.child), parent: unquote(f.parent) }));
      const { rows: scoped } = await ctx.sql.query<{ table: string; column: string }>(`
        SELECT table_name AS table, column_name AS column FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name IN ('clusterId', 'organizationId')
          AND NOT (SELECT relispartition FROM pg_class WHERE oid = format('%I', table_name)::regclass)`);
      const clusterPlan: string[] = [...CLUSTER_TABLES, 'Cluster'];
      const organizationPlan: string[] = [...ORGANIZATION_TABLES, 'Organization'];

      for (const { table, column } of scoped) {
        if (column === 'clusterId' && table !== 'Deletion') expect(clusterPlan, `${table}.clusterId`).toContain(table);
        if (column === 'organizationId' && !clusterPlan.includes(table))
          expect(organizationPlan, `${table}.organizationId`).toContain(table);
      }
      for (const { child, parent } of edges) {
        for (const plan of [clusterPlan, organizationPlan]) {
          if (plan.includes(child) && plan.includes(parent) && child !== parent)
            expect(plan.indexOf(child), `${child} before ${parent}`).toBeLessThan(plan.indexOf(parent));
        }
        // Whatever points at a purged table is purged too.
        if (clusterPlan.includes(parent) || organizationPlan.includes(parent))
          expect([...clusterPlan, ...organizationPlan], `${child} → ${parent}`).toContain(child);
      }
    });
  });
});
