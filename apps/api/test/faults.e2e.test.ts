import { evaluate } from '@kubeward/rules';
import { startRedis, type RedisServer } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createWorker } from '../src/bootstrap';
import { createTestContext, eventually, type TestContext } from './support/context';
import { historyOf, post, settled, snapshotOf } from './support/snapshots';

/** What must hold when workers race, die mid-evaluation, or Redis goes away. */
const T = (minute: number) => new Date(Date.UTC(2026, 10, 21, 9, minute)).toISOString();

describe('faults', () => {
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

  describe('with a Redis of its own', () => {
    let redis: RedisServer;
    let ctx: TestContext;
    beforeAll(async () => {
      redis = await startRedis();
      ctx = await createTestContext({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: '300' });
    });
    afterAll(async () => {
      await ctx?.close();
      await redis?.stop();
    });

    it('loses nothing that got a 202 while Redis was down', async () => {
      expect(redis.owned).toBe(true);
      const { organizationId } = await ctx.newOrg();
      const { clusterId, agentToken } = await ctx.newCluster(organizationId);
      await redis.pause();
      const snapshot = snapshotOf(generateCluster({ workloads: 5, seed: 2 }), T(0));
      const res = await post(ctx.url, agentToken, snapshot);
      expect(res.status).toBe(202);
      const stored = await ctx.sql.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [
        snapshot.snapshotId,
      ]);
      expect(stored.rows).toEqual([{ status: 'RECEIVED' }]);
      await redis.resume();
      expect(await settled(ctx.sql, clusterId, snapshot.snapshotId, 30_000)).toBe('EVALUATED');
    });
  });

  it('finishes an evaluation whose worker was killed in the middle, ending as a clean run does', async () => {
    const env = { QUEUE_LOCK_DURATION_MS: '1500' };
    const ctx = await createTestContext(env, { worker: false });
    const clean = await createTestContext();
    const workers: ChildProcess[] = [];
    const startWorker = () => {
      const child = spawn(process.execPath, [path.join(__dirname, '../dist/worker.js')], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: ctx.databaseUrl,
          REDIS_URL: ctx.config.redis.url,
          QUEUE_PREFIX: ctx.config.redis.prefix,
          ENCRYPTION_KEY: ctx.config.security.encryptionKey.toString('base64'),
          LOG_LEVEL: 'silent',
          ...env,
        },
        stdio: 'ignore',
      });
      workers.push(child);
      return child;
    };
    try {
      const snapshot = snapshotOf(generateCluster({ workloads: 1500, seed: 5 }), T(0));
      const [a, b] = [await ctx.newOrg('org-kill'), await clean.newOrg('org-kill')];
      const [ca, cb] = [await ctx.newCluster(a.organizationId, 'c'), await clean.newCluster(b.organizationId, 'c')];

      const first = startWorker();
      expect((await post(ctx.url, ca.agentToken, snapshot)).status).toBe(202);
      // Wait until the worker holds the cluster's lock, i.e. is inside the evaluation's transaction.
      await eventually(
        async () => {
          const { rows } = await ctx.sql.query(
            `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()`,
          );
          return rows.length > 0 ? true : undefined;
        },
        'the evaluation transaction',
        60_000,
      );
      first.kill('SIGKILL');
      const mid = await ctx.sql.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [snapshot.snapshotId]);
      expect(mid.rows[0].status).not.toBe('EVALUATED');

      startWorker();
      expect(await settled(ctx.sql, ca.clusterId, snapshot.snapshotId, 60_000)).toBe('EVALUATED');

      expect((await post(clean.url, cb.agentToken, snapshot)).status).toBe(202);
      await settled(clean.sql, cb.clusterId, snapshot.snapshotId, 60_000);
      expect(await historyOf(ctx.sql, ca.clusterId)).toEqual(await historyOf(clean.sql, cb.clusterId));
    } finally {
      for (const w of workers) w.kill('SIGKILL');
      await clean.close();
      await ctx.close();
    }
  });
});
