import { evaluate } from '@kubeward/rules';
import { startRedis, type RedisServer } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import type { ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createWorker } from '../src/bootstrap';
import { DELIVER_QUEUE, EVALUATE_QUEUE } from '../src/infra/queue/queues';
import { SnapshotOutboxService } from '../src/modules/snapshots/snapshot-outbox.service';
import { WebhookDispatcherService } from '../src/modules/webhooks/webhook-dispatcher.service';
import { assertNoConnections, createTestContext, eventually, spawnWorker, type TestContext } from './support/context';
import { clientFor } from './support/graphql';
import { WebhookReceiver } from './support/receiver';
import { historyOf, post, settled, snapshotOf } from './support/snapshots';

/** What must hold when workers race, die mid-evaluation, or Redis goes away. */
const T = (minute: number) => new Date(Date.UTC(2026, 10, 21, 9, minute)).toISOString();

/** True when a worker holds a cluster's lock on this database, i.e. is inside an evaluation's transaction. */
async function inEvaluation(sql: pg.Pool): Promise<true | undefined> {
  const { rows } = await sql.query(
    `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()`,
  );
  return rows.length > 0 ? true : undefined;
}

describe('faults', () => {
  it('ends a snapshot whose evaluation cannot succeed FAILED, with why and its payload dropped; the next is evaluated', async () => {
    const ctx = await createTestContext({}, { worker: false });
    try {
      const { organizationId, ownerKey } = await ctx.newOrg();
      const { clusterId, agentToken } = await ctx.newCluster(organizationId);
      const broken = snapshotOf(generateCluster({ workloads: 5, seed: 1 }), T(0));
      expect((await post(ctx.url, agentToken, broken)).status).toBe(202);
      // Bytes that no longer read back (a damaged page, a bug in an older version): no retry can help.
      await ctx.sql.query(
        `UPDATE "SnapshotPayload" p SET payload = '\\x00' FROM "Snapshot" s
         WHERE s.id = p."snapshotId" AND s."externalId" = $1`,
        [broken.snapshotId],
      );
      const worker = await createWorker(ctx.config);
      try {
        const failed = await eventually(async () => {
          const { rows } = await ctx.sql.query(
            `SELECT status, "failureReason",
                NOT EXISTS (SELECT 1 FROM "SnapshotPayload" p WHERE p."snapshotId" = s.id) AS dropped
             FROM "Snapshot" s WHERE "externalId" = $1`,
            [broken.snapshotId],
          );
          return rows[0]?.status === 'FAILED' ? rows[0] : undefined;
        }, 'the snapshot to end FAILED');
        expect(failed.failureReason).toMatch(/is unreadable/);
        expect(failed.dropped).toBe(true);
        const { failedSnapshots } = await clientFor(ctx.url, ownerKey).request<{
          failedSnapshots: { externalId: string; reason: string; failedAt: string }[];
        }>('query ($c: ID!) { failedSnapshots(clusterId: $c) { externalId reason failedAt } }', { c: clusterId });
        expect(failedSnapshots).toEqual([
          { externalId: broken.snapshotId, reason: failed.failureReason, failedAt: expect.any(String) },
        ]);

        const next = snapshotOf(generateCluster({ workloads: 5, seed: 1 }), T(1));
        expect((await post(ctx.url, agentToken, next)).status).toBe(202);
        expect(await settled(ctx.sql, clusterId, next.snapshotId)).toBe('EVALUATED');

        // A worker that died before it could record the failure: the reconciler finds the failed job.
        await ctx.sql.query(`UPDATE "Snapshot" SET status = 'QUEUED', "failureReason" = NULL WHERE "externalId" = $1`, [
          broken.snapshotId,
        ]);
        await worker.get(SnapshotOutboxService).reconcile(0);
        const { rows } = await ctx.sql.query(`SELECT status, "failureReason" FROM "Snapshot" WHERE "externalId" = $1`, [
          broken.snapshotId,
        ]);
        expect(rows[0]).toEqual({ status: 'FAILED', failureReason: expect.stringMatching(/is unreadable/) });
      } finally {
        await worker.close();
      }
    } finally {
      await ctx.close();
    }
  });

  it('fans each alert out and queues each delivery once when two dispatchers run at once; finds every lost one', async () => {
    // A failed attempt waits an hour: every delivery stays to be sent for the whole test.
    const ctx = await createTestContext(
      { RECONCILE_INTERVAL_MS: '3600000', WEBHOOK_RETRY_BASE_MS: '3600000' },
      { worker: false },
    );
    const second = await createWorker(ctx.config);
    let closing: Promise<void> | undefined;
    const closeSecond = () => (closing ??= second.close());
    try {
      const { organizationId, ownerKey } = await ctx.newOrg();
      await clientFor(ctx.url, ownerKey).request(
        'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", eventTypes: ["cluster.stale"] }) { endpoint { id } } }',
      );
      await ctx.sql.query(
        `INSERT INTO "WebhookEvent" (id, "organizationId", type, payload)
         SELECT kubeward_uuid7(now()), $1, 'cluster.stale', '{}' FROM generate_series(1, 400)`,
        [organizationId],
      );
      const dispatchers = [ctx.api.get(WebhookDispatcherService), second.get(WebhookDispatcherService)];
      let total = 0;
      for (;;) {
        const done = await Promise.all(dispatchers.map((d) => d.dispatch()));
        if (done.every((n) => n === 0)) break;
        total += done.reduce((a, n) => a + n, 0);
      }
      // Each event was fanned out by one of them, once; one delivery each.
      expect(total).toBe(400);
      const { rows } = await ctx.sql.query(
        `SELECT count(*)::int AS n, count(DISTINCT "eventId")::int AS events FROM "WebhookDelivery" WHERE "organizationId" = $1`,
        [organizationId],
      );
      expect(rows[0]).toEqual({ n: 400, events: 400 });
      // Each delivery claimed by one dispatcher and queued once.
      const queue = ctx.api.get<Queue>(getQueueToken(DELIVER_QUEUE));
      const jobs = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed');
      expect(Object.values(jobs).reduce((a, n) => a + n, 0)).toBe(400);

      // Redis loses every job: the reconciler finds all 400, page after page.
      await closeSecond();
      await queue.obliterate({ force: true });
      expect(await ctx.api.get(WebhookDispatcherService).requeueLost(0, 50)).toBe(400);
      const again = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed');
      expect(Object.values(again).reduce((a, n) => a + n, 0)).toBe(400);
    } finally {
      await closeSecond();
      await ctx.close();
    }
  });

  it('finds every lost evaluation job, however many queued rows come before them', async () => {
    const ctx = await createTestContext({ RECONCILE_INTERVAL_MS: '3600000' }, { worker: false });
    try {
      const { organizationId } = await ctx.newOrg();
      const clusters = await Promise.all([1, 2, 3, 4, 5].map(() => ctx.newCluster(organizationId)));
      const pushed = clusters.map((c, i) => ({ c, s: snapshotOf(generateCluster({ workloads: 3, seed: i }), T(i)) }));
      for (const { c, s } of pushed) expect((await post(ctx.url, c.agentToken, s)).status).toBe(202);
      await eventually(async () => {
        const { rows } = await ctx.sql.query(`SELECT count(*)::int AS n FROM "Snapshot" WHERE status = 'QUEUED'`);
        return rows[0].n === 5 ? true : undefined;
      }, 'the five snapshots queued');
      // Redis loses every job (restarted without its data).
      await ctx.api.get<Queue>(getQueueToken(EVALUATE_QUEUE)).obliterate({ force: true });
      // Two rows at a time: the lost jobs behind the first two are found too.
      expect(await ctx.api.get(SnapshotOutboxService).reconcile(0, 2)).toBe(5);
      const worker = await createWorker(ctx.config);
      try {
        for (const { c, s } of pushed) expect(await settled(ctx.sql, c.clusterId, s.snapshotId)).toBe('EVALUATED');
      } finally {
        await worker.close();
      }
    } finally {
      await ctx.close();
    }
  });

  it('keeps one consistent history when three workers race on one cluster', async () => {
    const ctx = await createTestContext();
    const extra = [await createWorker(ctx.config), await createWorker(ctx.config)];
    try {
      const { organizationId } = await ctx.newOrg();
      const { clusterId, agentToken } = await ctx.newCluster(organizationId);
      // Six versions of a cluster in which a tenth of the workloads change each time.
      const versions = Array.from({ length: 6 }, (_, i) => {
        const manifests = generateCluster({ workloads: 120, seed: 11 });
        manifests.forEach((m, j) => {
          const spec = (m as { spec?: { template?: { spec?: { hostPID?: boolean } } } }).spec?.template?.spec;
          if (spec && j % 10 === i) spec.hostPID = true;
        });
        return snapshotOf(manifests, T(i));
      });
      await Promise.all(versions.map((s) => post(ctx.url, agentToken, s)));
      const statuses = await Promise.all(versions.map((s) => settled(ctx.sql, clusterId, s.snapshotId)));
      expect(statuses.at(-1)).toBe('EVALUATED');

      // What is open is exactly what the newest snapshot says.
      const expected = evaluate(versions.at(-1)!, { now: T(5) })
        .findings.map((f) => f.fingerprint)
        .sort();
      const open = await ctx.sql.query(
        `SELECT fingerprint FROM "Finding" WHERE "clusterId" = $1 AND status = 'OPEN' ORDER BY fingerprint`,
        [clusterId],
      );
      expect(open.rows.map((r) => r.fingerprint)).toEqual(expected);
      // Evaluations ran one at a time, in collection order; no finding has two open periods.
      const evaluations = await ctx.sql.query(
        `SELECT "collectedAt" FROM "Evaluation" WHERE "clusterId" = $1 ORDER BY "evaluatedAt"`,
        [clusterId],
      );
      const times = evaluations.rows.map((r) => (r.collectedAt as Date).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(evaluations.rows.length + statuses.filter((s) => s === 'STALE').length).toBe(versions.length);
      const periods = await ctx.sql.query(
        `SELECT "findingId" FROM "FindingEvent" WHERE "clusterId" = $1 AND type <> 'RESOLVED' AND "closedAt" IS NULL
         GROUP BY "findingId" HAVING count(*) > 1`,
        [clusterId],
      );
      expect(periods.rows).toEqual([]);
    } finally {
      for (const w of extra) await w.close();
      await ctx.close();
    }
  });

  it('finishes the evaluation in progress when a worker is asked to stop, then closes every connection', async () => {
    const ctx = await createTestContext({}, { worker: false });
    try {
      const worker = await createWorker(ctx.config);
      const { organizationId } = await ctx.newOrg();
      const { clusterId, agentToken } = await ctx.newCluster(organizationId);
      const snapshot = snapshotOf(generateCluster({ workloads: 600, seed: 9 }), T(0));
      expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
      await eventually(() => inEvaluation(ctx.sql), 'the evaluation to start');
      await worker.close();
      expect(await settled(ctx.sql, clusterId, snapshot.snapshotId, 1_000)).toBe('EVALUATED');
      await assertNoConnections(ctx.sql, 'kubeward-worker/%');
    } finally {
      await ctx.close();
    }
  });

  describe('with a Redis of its own', () => {
    let redis: RedisServer;
    let ctx: TestContext;
    beforeAll(async () => {
      redis = await startRedis();
      // Webhook retries far apart: a failed delivery waits in Redis as a delayed job.
      ctx = await createTestContext({
        REDIS_URL: redis.url,
        RECONCILE_INTERVAL_MS: '300',
        WEBHOOK_RETRY_BASE_MS: '600000',
      });
    });
    afterAll(async () => {
      await ctx?.close();
      await redis?.stop();
    });

    it('evaluates every snapshot that got a 202 while Redis was stopped and restarted under ingest load', async () => {
      expect(redis.owned).toBe(true);
      const { organizationId } = await ctx.newOrg();
      // Registered one after another: 60 registrations at once can wait past Prisma's transaction
      // start timeout on a busy machine, and registration is not what this test is about.
      const clusters: { clusterId: string; agentToken: string }[] = [];
      for (let i = 0; i < 60; i++) clusters.push(await ctx.newCluster(organizationId, `c-${i}`));
      const snapshots = clusters.map((_, i) => snapshotOf(generateCluster({ workloads: 5, seed: i }), T(0)));
      // Eight agents at a time push: 20 snapshots, then 20 with Redis stopped, then 20 after it is back.
      const statuses: number[] = [];
      const push = async (from: number, to: number) => {
        let next = from;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < to) {
              const i = next++;
              statuses.push((await post(ctx.url, clusters[i]!.agentToken, snapshots[i]!)).status);
            }
          }),
        );
      };
      await push(0, 20);
      await redis.pause();
      await push(20, 40);
      const whileDown = await ctx.sql.query(
        `SELECT count(*)::int AS n FROM "Snapshot" WHERE "externalId" = ANY($1) AND status = 'RECEIVED'`,
        [snapshots.slice(20, 40).map((x) => x.snapshotId)],
      );
      expect(whileDown.rows[0].n).toBe(20); // durable, waiting for the queue
      await redis.resume();
      await push(40, 60);
      expect(statuses.filter((s) => s === 202)).toHaveLength(60);
      for (const [i, snapshot] of snapshots.entries())
        expect(await settled(ctx.sql, clusters[i]!.clusterId, snapshot.snapshotId, 60_000)).toBe('EVALUATED');
    });

    it('sends a webhook whose retry was waiting in Redis when Redis restarted without its data', async () => {
      const receiver = new WebhookReceiver();
      receiver.status = 503;
      try {
        const { organizationId, ownerKey } = await ctx.newOrg();
        const { clusterId, agentToken } = await ctx.newCluster(organizationId);
        await clientFor(ctx.url, ownerKey).request(
          'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url }) { secret } }',
          { url: await receiver.start() },
        );
        const app = (privileged: boolean) => ({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'api', namespace: 'shop' },
          spec: {
            template: { spec: { containers: [{ name: 'api', image: 'acme/api:1', securityContext: { privileged } }] } },
          },
        });
        for (const [minute, privileged] of [
          [0, false],
          [1, true],
        ] as const) {
          const s = snapshotOf([app(privileged)], T(minute));
          expect((await post(ctx.url, agentToken, s)).status).toBe(202);
          await settled(ctx.sql, clusterId, s.snapshotId, 30_000);
        }
        // The first attempt failed; the next waits ten minutes in Redis.
        await eventually(async () => (receiver.received.length > 0 ? true : undefined), 'the first attempt');
        const failed = await eventually(async () => {
          const { rows } = await ctx.sql.query(`SELECT "messageId", status::text FROM "WebhookDelivery"`);
          return rows[0]?.status === 'FAILED' ? rows[0] : undefined;
        }, 'a failed delivery');
        expect(receiver.received).toHaveLength(1); // sent once, however many dispatchers ran
        await redis.pause();
        await redis.resume();
        receiver.status = 204;
        // The reconciler finds the job gone and queues the delivery again: sent now, same webhook-id.
        await eventually(async () => (receiver.received.length === 2 ? true : undefined), 'the delivery', 30_000);
        expect(receiver.received[1]!.headers['webhook-id']).toBe(failed.messageId);
        // The attempt is recorded once the receiver has answered.
        await eventually(async () => {
          const { rows } = await ctx.sql.query(`SELECT status::text FROM "WebhookDelivery"`);
          return rows.length === 1 && rows[0].status === 'SUCCEEDED' ? true : undefined;
        }, 'the delivery recorded as succeeded');
        expect(receiver.received).toHaveLength(2);
      } finally {
        await receiver.stop();
      }
    });
  });

  it('kills the worker with SIGKILL during 10 evaluations and ends with the history a clean run has', async () => {
    const env = { QUEUE_LOCK_DURATION_MS: '1500' };
    const ctx = await createTestContext(env, { worker: false });
    const clean = await createTestContext();
    const workers: ChildProcess[] = [];
    const startWorker = () => {
      const child = spawnWorker(ctx, env);
      workers.push(child);
      return child;
    };
    try {
      // Ten snapshots that each open and resolve findings and change objects (three clusters' worth).
      const snapshots = Array.from({ length: 10 }, (_, i) =>
        snapshotOf(generateCluster({ workloads: 600, seed: 5 + (i % 3) }), T(i)),
      );
      const [a, b] = [await ctx.newOrg('org-kill'), await clean.newOrg('org-kill')];
      const [ca, cb] = [await ctx.newCluster(a.organizationId, 'c'), await clean.newCluster(b.organizationId, 'c')];

      let interrupted = 0;
      for (const [i, snapshot] of snapshots.entries()) {
        const worker = startWorker();
        // The new worker first finishes what the killed one had started. A worker's start-up is
        // seconds of CPU: on a machine busy elsewhere, minutes; the deadlines wait for a state.
        if (i > 0)
          expect(await settled(ctx.sql, ca.clusterId, snapshots[i - 1]!.snapshotId, 240_000)).toBe('EVALUATED');
        expect((await post(ctx.url, ca.agentToken, snapshot)).status).toBe(202);
        await eventually(() => inEvaluation(ctx.sql), `evaluation ${i + 1}`, 240_000);
        worker.kill('SIGKILL');
        const { rows } = await ctx.sql.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [
          snapshot.snapshotId,
        ]);
        if (rows[0].status !== 'EVALUATED') interrupted++;
      }
      startWorker();
      expect(await settled(ctx.sql, ca.clusterId, snapshots.at(-1)!.snapshotId, 240_000)).toBe('EVALUATED');
      // Most kills landed inside the transaction (the rest just after its commit).
      expect(interrupted).toBeGreaterThanOrEqual(5);

      for (const snapshot of snapshots) {
        expect((await post(clean.url, cb.agentToken, snapshot)).status).toBe(202);
        expect(await settled(clean.sql, cb.clusterId, snapshot.snapshotId, 60_000)).toBe('EVALUATED');
      }
      // Findings, events, evaluations, object states and changes: equal to the clean run's.
      expect(await historyOf(ctx.sql, ca.clusterId)).toEqual(await historyOf(clean.sql, cb.clusterId));
    } finally {
      for (const w of workers) w.kill('SIGKILL');
      await clean.close();
      await ctx.close();
    }
    // Ten worker processes start one after another: minutes when both cores are busy elsewhere.
  }, 900_000);
});
