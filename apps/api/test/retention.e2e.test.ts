import { PartitionUpkeepService } from '../src/infra/partitions/partition-upkeep.service';
import {
  PARTITIONED_TABLES,
  partitionName,
  partitionsCovering,
  periodStart,
} from '../src/infra/partitions/partition-plan';
import { PartitionsRepository } from '../src/infra/partitions/partitions.repository';
import { createTestContext, type TestContext } from './support/context';
import { post, settled, snapshotOf } from './support/snapshots';

const DAY = 86_400_000;
/** Tables of current state: dropping history must never wait for a lock on one of them. */
const CURRENT_STATE = [
  'Organization',
  'ApiKey',
  'Cluster',
  'AgentToken',
  'Finding',
  'ObjectState',
  'RiskException',
  'WebhookEndpoint',
  'Deletion',
];

describe('retention: history partitions dropped past their period, created ahead', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext({ RECONCILE_INTERVAL_MS: '3600000', MONITOR_INTERVAL_MS: '3600000' });
  });
  afterAll(() => ctx?.close());

  it('drops a day of payloads after 14 days and a month of history after 400, holding up no writer of current state', async () => {
    const { organizationId } = await ctx.newOrg();
    const { clusterId, agentToken } = await ctx.newCluster(organizationId);
    const fresh = snapshotOf([], new Date().toISOString());
    expect((await post(ctx.url, agentToken, fresh)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, fresh.snapshotId)).toBe('EVALUATED');

    // History of 14 months ago and a payload of 15 days ago, still held (say its snapshot failed),
    // in partitions made as an older release would have (after the upkeep of the worker's start).
    const upkeep = ctx.worker!.get(PartitionUpkeepService);
    await upkeep.idle();
    const partitions = ctx.worker!.get(PartitionsRepository);
    const longAgo = new Date(Date.now() - 430 * DAY);
    const fortnightAgo = new Date(Date.now() - 15 * DAY);
    for (const t of PARTITIONED_TABLES) {
      const at = t.retention === 'payloads' ? fortnightAgo : longAgo;
      for (const p of partitionsCovering(t, at, at)) await partitions.create(p);
    }
    const q = (sql: string, values: unknown[] = [organizationId, clusterId]) => ctx.sql.query(sql, values);
    await q(
      `WITH s AS (
         INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash", "collectedAt", "sizeBytes", status)
         VALUES (kubeward_uuid7(now() - interval '430 days'), $1, $2, 'ancient', 1, 'a', now() - interval '430 days', 1, 'EVALUATED')
         RETURNING id, "collectedAt")
       INSERT INTO "Evaluation" (id, "organizationId", "clusterId", "snapshotId", "collectedAt", "durationMs", score,
         critical, high, medium, low, info, opened, resolved, reopened)
       SELECT kubeward_uuid7(now() - interval '430 days'), $1, $2, s.id, s."collectedAt", 1, 90, 0, 0, 0, 0, 0, 0, 0, 0 FROM s`,
    );
    await q(
      `INSERT INTO "AuditLog" (id, "organizationId", "actorType", action, at)
       VALUES (kubeward_uuid7(now() - interval '430 days'), $1, 'SYSTEM', 'ancient', now() - interval '430 days')`,
      [organizationId],
    );
    await q(
      `WITH s AS (
         INSERT INTO "Snapshot" (id, "organizationId", "clusterId", "externalId", "schemaVersion", "contentHash", "collectedAt", "sizeBytes", status)
         VALUES (kubeward_uuid7(now() - interval '15 days'), $1, $2, 'fortnight', 1, 'f', now() - interval '15 days', 1, 'FAILED')
         RETURNING id)
       INSERT INTO "SnapshotPayload" ("snapshotId", "organizationId", "clusterId", payload) SELECT id, $1, $2, '\\x00' FROM s`,
    );

    // Every table of current state locked against every writer for the whole run: were the drop to
    // need any lock on them (a foreign key's, say), it would wait here and this test would not
    // finish. Plain reads pass (upkeep reads how long organisations keep history).
    const blocker = await ctx.sql.connect();
    let plan;
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${CURRENT_STATE.map((t) => `"${t}"`).join(', ')} IN EXCLUSIVE MODE`);
      plan = await upkeep.runOnce();
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }

    const dropped = plan.drop.map((p) => p.name);
    expect(dropped).toContain(partitionName('SnapshotPayload', 'day', periodStart('day', fortnightAgo)));
    for (const table of ['Snapshot', 'Evaluation', 'FindingEvent', 'ObjectChange', 'AuditLog', 'WebhookDelivery']) {
      expect(dropped).toContain(partitionName(table, 'month', periodStart('month', longAgo)));
    }
    // Nothing of the last 14 days (payloads) or 400 days (history) went.
    expect(plan.drop.every((p) => p.to.getTime() <= Date.now() - 14 * DAY)).toBe(true);
    expect(
      plan.drop.filter((p) => p.table !== 'SnapshotPayload').every((p) => p.to.getTime() <= Date.now() - 90 * DAY),
    ).toBe(true);

    const { rows } = await q(
      `SELECT s."externalId", s.status::text, EXISTS (SELECT 1 FROM "SnapshotPayload" p WHERE p."snapshotId" = s.id) AS payload,
              (SELECT count(*)::int FROM "Evaluation" e WHERE e."snapshotId" = s.id) AS evaluations
       FROM "Snapshot" s WHERE s."clusterId" = $1 ORDER BY s."externalId"`,
      [clusterId],
    );
    expect(rows).toEqual(
      [
        { externalId: 'fortnight', status: 'FAILED', payload: false, evaluations: 0 },
        { externalId: fresh.snapshotId, status: 'EVALUATED', payload: true, evaluations: 1 },
      ].sort((a, b) => a.externalId.localeCompare(b.externalId)),
    );
    const audit = await q(`SELECT action FROM "AuditLog" WHERE "organizationId" = $1 AND action = 'ancient'`, [
      organizationId,
    ]);
    expect(audit.rows).toEqual([]);

    // Partitions stand ready ahead: a week of days, the next two months.
    const names = new Set((await partitions.list()).map((p) => p.name));
    expect(names).toContain(
      partitionName('SnapshotPayload', 'day', periodStart('day', new Date(Date.now() + 7 * DAY))),
    );
    expect(names).toContain(partitionName('AuditLog', 'month', periodStart('month', new Date(Date.now() + 62 * DAY))));
    // A second run finds nothing to do.
    expect(await upkeep.runOnce()).toEqual({ create: [], drop: [] });
  });

  it('finishes a detach that a crash interrupted', async () => {
    const partitions = ctx.worker!.get(PartitionsRepository);
    const longAgo = new Date(Date.now() - 800 * DAY);
    const [p] = partitionsCovering({ table: 'AuditLog', unit: 'month', retention: 'history' }, longAgo, longAgo);
    await partitions.create(p!);
    // What an interrupted DETACH … CONCURRENTLY leaves: the partition marked as being detached.
    await ctx.sql.query(`UPDATE pg_inherits SET inhdetachpending = true WHERE inhrelid = $1::regclass`, [
      `"${p!.name}"`,
    ]);
    expect((await partitions.list()).find((x) => x.name === p!.name)?.detaching).toBe(true);

    const plan = await ctx.worker!.get(PartitionUpkeepService).runOnce();
    expect(plan.drop.map((x) => x.name)).toContain(p!.name);
    expect((await partitions.list()).some((x) => x.name === p!.name)).toBe(false);
  });
});
