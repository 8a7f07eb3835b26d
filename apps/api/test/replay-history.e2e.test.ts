import { replayHistory, seedHistory } from '@kubeward/harness';
import { uuidTime } from '../src/infra/partitions/partition-plan';
import { createTestContext, type TestContext } from './support/context';

/**
 * The benchmarks' history generator (tools/harness `replayHistory`) against the real schema: what
 * it writes must be what the pipeline writes, where the pipeline would write it.
 */
describe('replayHistory', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({}, { worker: false });
  });
  afterAll(() => ctx.close());

  it('copies the template’s evaluations back in time, five minutes apart, into the partitions of their time', async () => {
    const { organizationId } = await ctx.newOrg();
    const template = await ctx.newCluster(organizationId, 'template');
    const target = await ctx.newCluster(organizationId, 'target');
    await seedHistory(ctx.sql, organizationId, template.clusterId, {
      snapshots: 12,
      changesPerSnapshot: 3,
      findings: 20,
      eventsPerSnapshot: 2,
      objects: 5,
      alerts: 0,
    });
    // Thirteen months back: older than the partitions the migrations made.
    const before = new Date(Date.UTC(new Date().getUTCFullYear() - 1, new Date().getUTCMonth() - 1, 3));
    const session = await ctx.sql.connect();
    const counts = await replayHistory(session, {
      organizationId,
      clusterId: target.clusterId,
      templateClusterId: template.clusterId,
      templateEvaluations: 10,
      before,
      days: 1,
    }).finally(() => session.release());

    expect(counts).toEqual({
      Snapshot: 288,
      Evaluation: 288,
      ObjectChange: 864,
      FindingEvent: 576,
      Finding: expect.any(Number),
    });
    const start = before.getTime() - 86_400_000;
    const { rows: evaluations } = await ctx.sql.query<{ id: string; collectedAt: Date; snapshotId: string }>(
      `SELECT id, "collectedAt", "snapshotId" FROM "Evaluation" WHERE "clusterId" = $1 ORDER BY "collectedAt"`,
      [target.clusterId],
    );
    expect(evaluations.map((e) => e.collectedAt.getTime() - start)).toEqual(
      Array.from({ length: 288 }, (_, j) => j * 300_000),
    );
    for (const e of evaluations) expect(uuidTime(e.id).getTime()).toBe(e.collectedAt.getTime());

    // Rows land in the partitions of their own month, made by the generator where missing.
    const { rows: placed } = await ctx.sql.query<{ partition: string; n: number }>(
      `SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM "ObjectChange" WHERE "clusterId" = $1 GROUP BY 1`,
      [target.clusterId],
    );
    const month = new Date(start).toISOString().slice(0, 7).replace('-', '');
    expect(placed.map((p) => p.partition.replace(/"/g, ''))).toContain(`ObjectChange_p${month}`);

    // Every event names a finding of the target cluster, and its cause is a change of the same evaluation.
    const { rows: orphans } = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "FindingEvent" e
       LEFT JOIN "Finding" f ON f.id = e."findingId" AND f."clusterId" = e."clusterId"
       LEFT JOIN "ObjectChange" c ON c.id = e."causeChangeId"
       WHERE e."clusterId" = $1 AND (f.id IS NULL OR (e."causeChangeId" IS NOT NULL AND c."evaluationId" IS DISTINCT FROM e."evaluationId"))`,
      [target.clusterId],
    );
    expect(orphans[0]!.n).toBe(0);
    const { rows: causes } = await ctx.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "FindingEvent" WHERE "clusterId" = $1 AND "causeChangeId" IS NOT NULL`,
      [target.clusterId],
    );
    expect(causes[0]!.n).toBeGreaterThan(0);

    // Each block of ten evaluations has findings of its own, resolved by its end.
    const { rows: findings } = await ctx.sql.query<{ open: number; distinct: number; n: number }>(
      `SELECT count(*) FILTER (WHERE status = 'OPEN')::int AS open,
              count(DISTINCT fingerprint)::int AS distinct, count(*)::int AS n
       FROM "Finding" WHERE "clusterId" = $1`,
      [target.clusterId],
    );
    expect(findings[0]).toMatchObject({ open: 0, n: counts.Finding, distinct: counts.Finding });
    const { rows: created } = await ctx.sql.query<{ createdAt: Date }>(
      `SELECT "createdAt" FROM "Cluster" WHERE id = $1`,
      [target.clusterId],
    );
    expect(created[0]!.createdAt.getTime()).toBe(start);
  });

  it('refuses a template with fewer evaluations than asked for', async () => {
    const { organizationId } = await ctx.newOrg();
    const template = await ctx.newCluster(organizationId, 'empty');
    const session = await ctx.sql.connect();
    await expect(
      replayHistory(session, {
        organizationId,
        clusterId: template.clusterId,
        templateClusterId: template.clusterId,
        templateEvaluations: 5,
        before: new Date(),
        days: 1,
      }).finally(() => session.release()),
    ).rejects.toThrow('the template cluster has 0 evaluations, not the 5 asked for');
  });
});
