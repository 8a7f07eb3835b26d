import { generateCluster } from '@kubeward/synthetic';
import { EvaluationService } from '../src/modules/evaluation/evaluation.service';
import { createTestContext, type TestContext } from './support/context';
import { deployment, historyOf, post, rowCounts, settled, snapshotOf } from './support/snapshots';

/**
 * The system of record under retries, reordering and repetition, on real Postgres, Redis and
 * the real worker, through the real ingest endpoint.
 */
const T = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString();

describe('finding lifecycle and drift', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  async function cluster() {
    const { organizationId } = await ctx.newOrg();
    return ctx.newCluster(organizationId);
  }
  async function send(c: { clusterId: string; agentToken: string }, manifests: object[], minute: number) {
    const snapshot = snapshotOf(manifests as never, T(minute));
    const res = await post(ctx.url, c.agentToken, snapshot);
    expect(res.status).toBe(202);
    return { id: snapshot.snapshotId, status: await settled(ctx.sql, c.clusterId, snapshot.snapshotId) };
  }
  const findingOf = async (clusterId: string, ruleId: string, name: string) =>
    (
      await ctx.sql.query(`SELECT * FROM "Finding" WHERE "clusterId" = $1 AND "ruleId" = $2 AND "resourceName" = $3`, [
        clusterId,
        ruleId,
        name,
      ])
    ).rows[0];

  it('records what changed, field by field, and links the finding it opened to that change', async () => {
    const c = await cluster();
    await send(c, [deployment('api')], 0);
    expect(await findingOf(c.clusterId, 'privileged-container', 'api')).toBeUndefined();
    await send(c, [deployment('api', { privileged: true })], 5);

    const finding = await findingOf(c.clusterId, 'privileged-container', 'api');
    expect(finding.status).toBe('OPEN');
    const { rows } = await ctx.sql.query(
      `SELECT c.type, c.diff, c."objectKey" FROM "FindingEvent" e JOIN "ObjectChange" c ON c.id = e."causeChangeId"
       WHERE e."findingId" = $1 AND e.type = 'OPENED'`,
      [finding.id],
    );
    expect(rows).toEqual([
      {
        type: 'MODIFIED',
        objectKey: 'Deployment/payments/api',
        diff: [{ path: 'spec.template.spec.containers[0].securityContext.privileged', before: false, after: true }],
      },
    ]);
    const first = await ctx.sql.query(`SELECT type FROM "ObjectChange" WHERE "clusterId" = $1 AND at = $2`, [
      c.clusterId,
      T(0),
    ]);
    expect(first.rows.map((r) => r.type)).toEqual(['ADDED']);
  });

  it('writes a constant number of rows for a snapshot that changes nothing, whatever the size of the cluster', async () => {
    const deltas: Record<string, number>[] = [];
    for (const workloads of [5, 300]) {
      const c = await cluster();
      const manifests = generateCluster({ workloads, seed: workloads });
      await send(c, manifests, 0);
      // Minutes later (recorded as a repeat of the same input), and a day later (evaluated in full).
      for (const minute of [5, 24 * 60]) {
        const before = await rowCounts(ctx.sql);
        await send(c, manifests, minute);
        const after = await rowCounts(ctx.sql);
        deltas.push(Object.fromEntries(Object.keys(after).map((t) => [t, after[t]! - before[t]!])));
      }
    }
    expect(deltas[0]).toEqual({
      Snapshot: 1,
      Evaluation: 1,
      Finding: 0,
      FindingEvent: 0,
      ObjectState: 0,
      ObjectChange: 0,
      WebhookEvent: 0,
    });
    for (const d of deltas) expect(d).toEqual(deltas[0]);
    expect(deltas).toHaveLength(4);
  });

  it('tells a deleted resource from a fixed one', async () => {
    const c = await cluster();
    await send(c, [deployment('gone', { privileged: true }), deployment('fixed', { privileged: true })], 0);
    await send(c, [deployment('fixed')], 5);
    expect(await findingOf(c.clusterId, 'privileged-container', 'gone')).toMatchObject({
      status: 'RESOLVED',
      resolutionReason: 'RESOURCE_DELETED',
    });
    expect(await findingOf(c.clusterId, 'privileged-container', 'fixed')).toMatchObject({
      status: 'RESOLVED',
      resolutionReason: 'FIXED',
    });
    const removed = await ctx.sql.query(
      `SELECT "objectKey" FROM "ObjectChange" WHERE "clusterId" = $1 AND type = 'REMOVED'`,
      [c.clusterId],
    );
    expect(removed.rows).toEqual([{ objectKey: 'Deployment/payments/gone' }]);

    // It comes back: REOPENED, counted, and linked to the object that came back.
    await send(c, [deployment('fixed', { privileged: true })], 10);
    const back = await findingOf(c.clusterId, 'privileged-container', 'fixed');
    expect(back).toMatchObject({ status: 'OPEN', reopenCount: 1, resolvedAt: null });
  });

  it('marks a snapshot older than the newest evaluated one stale, and skips it', async () => {
    const c = await cluster();
    await send(c, [deployment('api')], 10);
    const old = await send(c, [deployment('api', { privileged: true })], 5);
    expect(old.status).toBe('STALE');
    expect(await findingOf(c.clusterId, 'privileged-container', 'api')).toBeUndefined();
    const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Evaluation" WHERE "clusterId" = $1`, [
      c.clusterId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('answers "open at T" and "what changed between T1 and T2" with range queries', async () => {
    const c = await cluster();
    await send(c, [deployment('api', { privileged: true })], 0);
    await send(c, [deployment('api')], 10);
    await send(c, [deployment('api', { privileged: true, hostPID: true })], 20);
    const openAt = async (minute: number) =>
      (
        await ctx.sql.query(
          `SELECT f."ruleId" FROM "FindingEvent" e JOIN "Finding" f ON f.id = e."findingId"
           WHERE e."clusterId" = $1 AND e.type IN ('OPENED', 'REOPENED') AND e.at <= $2
             AND (e."closedAt" IS NULL OR e."closedAt" > $2) AND f."resourceName" = 'api'
             AND f."ruleId" IN ('privileged-container', 'host-pid-ipc') ORDER BY 1`,
          [c.clusterId, T(minute)],
        )
      ).rows.map((r) => r.ruleId);
    expect(await openAt(5)).toEqual(['privileged-container']);
    expect(await openAt(15)).toEqual([]);
    expect(await openAt(25)).toEqual(['host-pid-ipc', 'privileged-container']);
    const changed = await ctx.sql.query(
      `SELECT "objectKey", type FROM "ObjectChange" WHERE "clusterId" = $1 AND at > $2 AND at <= $3 ORDER BY at`,
      [c.clusterId, T(0), T(20)],
    );
    expect(changed.rows).toEqual([
      { objectKey: 'Deployment/payments/api', type: 'MODIFIED' },
      { objectKey: 'Deployment/payments/api', type: 'MODIFIED' },
    ]);
  });

  it('leaves the database exactly as one run did when jobs run again', async () => {
    const c = await cluster();
    const sent = [
      await send(c, [deployment('api', { privileged: true })], 0),
      await send(c, [deployment('api'), deployment('web', { hostPID: true })], 5),
    ];
    const once = await historyOf(ctx.sql, c.clusterId);
    const service = ctx.worker!.get(EvaluationService);
    for (const s of sent) {
      const { rows } = await ctx.sql.query(`SELECT id FROM "Snapshot" WHERE "externalId" = $1`, [s.id]);
      expect((await service.evaluateSnapshot(rows[0].id)).status).toBe('already-evaluated');
      // And a duplicate push of the same snapshot: acknowledged, not evaluated again.
      const again = await post(ctx.url, c.agentToken, snapshotOf([], T(0), s.id));
      expect(again.body.status).toBe('duplicate');
    }
    expect(await historyOf(ctx.sql, c.clusterId)).toEqual(once);
  });
});
