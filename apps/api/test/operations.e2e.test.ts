import { hostname } from 'node:os';
import {
  createDatabaseFromTemplate,
  createTemplateDatabase,
  startPostgres,
  type PostgresServer,
} from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import { migrate } from '../src/infra/prisma/migrator';
import { connectionPool } from '../src/infra/prisma/prisma.service';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { MetricsHttpService } from '../src/infra/metrics/metrics-http.service';
import { EvaluateProcessor } from '../src/modules/evaluation/jobs/evaluate.processor';
import { DeliverProcessor } from '../src/modules/webhooks/jobs/deliver.processor';
import { createTestContext, eventually, type TestContext } from './support/context';
import { clientFor, failureOf } from './support/graphql';
import { WebhookReceiver } from './support/receiver';
import { post, settled, snapshotOf } from './support/snapshots';

/** One sample's value from Prometheus exposition text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations', () => {
  describe('metrics and health', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext();
    });
    afterAll(() => ctx?.close());

    it('counts snapshots by outcome and reason, evaluations, webhook attempts, queues and stale clusters', async () => {
      const { organizationId, ownerKey } = await ctx.newOrg();
      const { clusterId, agentToken } = await ctx.newCluster(organizationId);
      const snapshot = snapshotOf(generateCluster({ workloads: 3, seed: 1 }), new Date().toISOString());
      expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202);
      expect((await post(ctx.url, agentToken, snapshot)).status).toBe(202); // a retry: duplicate
      expect((await post(ctx.url, 'kwa_wrong', snapshot)).status).toBe(401);
      expect((await post(ctx.url, agentToken, { ...snapshot, workloads: 'none' })).status).toBe(400);
      await settled(ctx.sql, clusterId, snapshot.snapshotId);
      // A webhook ping, sent by the API itself, and one refused (nothing listens on 127.0.0.1:1).
      const receiver = new WebhookReceiver();
      const admin = clientFor(ctx.url, ownerKey);
      for (const url of [await receiver.start(), 'http://127.0.0.1:1/down']) {
        const { createWebhookEndpoint } = await admin.request<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
          'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url }) { endpoint { id } } }',
          { url },
        );
        await admin.request('mutation ($id: ID!) { testWebhookEndpoint(id: $id) { succeeded } }', {
          id: createWebhookEndpoint.endpoint.id,
        });
      }
      await receiver.stop();

      // Not on the public port; on the API's metrics port, with shared gauges as last refreshed.
      expect((await fetch(`${ctx.url}/metrics`)).status).toBe(404);
      // The gauges of shared state come from whichever process holds the lease: the API here.
      await ctx.worker!.get(MetricsService).onModuleDestroy();
      await ctx.api.get(MetricsService).refresh();
      const api = await fetch(`http://127.0.0.1:${ctx.api.get(MetricsHttpService).port}/metrics`);
      expect(api.status).toBe(200);
      expect(api.headers.get('content-type')).toContain('text/plain');
      const text = await api.text();
      expect(sample(text, 'kubeward_snapshots_total{outcome="accepted",reason=""}')).toBe(1);
      expect(sample(text, 'kubeward_snapshots_total{outcome="duplicate",reason=""}')).toBe(1);
      expect(sample(text, 'kubeward_snapshots_total{outcome="rejected",reason="UNAUTHENTICATED"}')).toBe(1);
      expect(sample(text, 'kubeward_snapshots_total{outcome="rejected",reason="BAD_USER_INPUT"}')).toBe(1);
      expect(sample(text, 'kubeward_queue_jobs{queue="evaluate",state="failed"}')).toBe(0);
      expect(sample(text, 'kubeward_clusters_stale')).toBe(0);
      expect(sample(text, 'kubeward_webhook_attempts_total{outcome="succeeded"}')).toBe(1);
      expect(sample(text, 'kubeward_webhook_attempts_total{outcome="failed"}')).toBe(1);
      expect(sample(text, 'kubeward_process_resident_memory_bytes')).toBeGreaterThan(0);

      // The worker serves its own: evaluations it ran; the shared gauges only one process exports.
      await ctx.worker!.get(MetricsService).refresh();
      const port = ctx.worker!.get(MetricsHttpService).port;
      const worker = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(sample(worker, 'kubeward_queue_jobs{queue="evaluate",state="failed"}')).toBeUndefined();
      expect(sample(worker, 'kubeward_clusters_stale')).toBeUndefined();
      expect(sample(worker, 'kubeward_evaluation_duration_seconds_count{outcome="evaluated"}')).toBe(1);
      expect(sample(worker, 'kubeward_job_failures_total{queue="evaluate"}') ?? 0).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      const health = await fetch(`${ctx.url}/readyz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ready', postgres: 'ok', redis: 'ok' }]);
    });
  });

  describe('with a PostgreSQL of its own', () => {
    let postgres: PostgresServer;
    let ctx: TestContext;
    beforeAll(async () => {
      postgres = await startPostgres();
      const template = await createTemplateDatabase(postgres.url, migrate, 'kubeward_restart');
      const db = await createDatabaseFromTemplate(postgres.url, template);
      ctx = await createTestContext({ DATABASE_URL: db.url });
    });
    afterAll(async () => {
      await ctx?.close();
      await postgres?.stop();
    });

    it('survives a connection lost while it is checked out with no query on it', async () => {
      const pool = connectionPool(ctx.config.database);
      try {
        const client = await pool.connect();
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // The server ends it between statements, as a restart does: "terminating connection due to
        // administrator command". Unheard, that error would crash this process (and fail the run).
        // Not events.once: it listens for 'error' too, and this test is about nobody else listening.
        const ended = new Promise((resolve) => client.once('end', resolve));
        await ctx.sql.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await ended;
        client.release(true);
        expect(await pool.query('SELECT 1 AS one')).toMatchObject({ rows: [{ one: 1 }] });
      } finally {
        await pool.end();
      }
    });

    it('answers 503 while PostgreSQL is down and recovers without a restart', async () => {
      expect(postgres.owned).toBe(true);
      const { organizationId, ownerKey } = await ctx.newOrg();
      const { clusterId, agentToken } = await ctx.newCluster(organizationId);
      const client = clientFor(ctx.url, ownerKey);
      const snapshot = (minute: number) =>
        snapshotOf(
          generateCluster({ workloads: 2, seed: minute }),
          new Date(Date.UTC(2026, 10, 22, 9, minute)).toISOString(),
        );

      await postgres.restart(async () => {
        // Readiness is cached for two seconds: wait for the state, not for a moment.
        const ready = await eventually(async () => {
          const res = await fetch(`${ctx.url}/readyz`);
          return res.status === 503 ? res : undefined;
        }, 'not ready');
        expect([ready.status, await ready.json()]).toEqual([
          503,
          { status: 'not ready', postgres: 'unreachable', redis: 'ok' },
        ]);
        const push = await post(ctx.url, agentToken, snapshot(1));
        expect(push.status).toBe(503);
        expect(push.headers['retry-after']).toBe('5');
        expect(push.body).toMatchObject({ error: 'UNAVAILABLE' });
        expect(await failureOf(client.request('{ clusters { id } }'))).toMatch(/^UNAVAILABLE: /);
        expect((await fetch(`${ctx.url}/healthz`)).status).toBe(200);
      });

      // Back: the same process answers and accepts again, and the worker evaluates.
      await eventually(
        async () => ((await fetch(`${ctx.url}/readyz`)).status === 200 ? true : undefined),
        'ready again',
      );
      const again = snapshot(2);
      expect((await post(ctx.url, agentToken, again)).status).toBe(202);
      expect(await settled(ctx.sql, clusterId, again.snapshotId, 30_000)).toBe('EVALUATED');
      expect(await client.request('{ clusters { id } }')).toEqual({ clusters: [{ id: clusterId }] });
    });
  });

  describe('sized by configuration', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({
        DATABASE_POOL_SIZE: '3',
        WORKER_EVALUATE_CONCURRENCY: '3',
        WORKER_DELIVER_CONCURRENCY: '7',
      });
    });
    afterAll(() => ctx?.close());

    it('runs each queue at its configured concurrency and opens at most DATABASE_POOL_SIZE connections per process', async () => {
      expect(ctx.worker!.get(EvaluateProcessor).worker.concurrency).toBe(3);
      expect(ctx.worker!.get(DeliverProcessor).worker.concurrency).toBe(7);
      const { ownerKey } = await ctx.newOrg();
      const client = clientFor(ctx.url, ownerKey);
      // Forty reads at once: the API's pool queues them on its three connections.
      const reads = await Promise.all(
        Array.from({ length: 40 }, () => client.request<{ clusters: unknown[] }>('{ clusters { id } }')),
      );
      expect(reads.every((r) => r.clusters.length === 0)).toBe(true);
      const { rows } = await ctx.sql.query<{ name: string; n: number }>(
        `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND application_name LIKE 'kubeward-%' GROUP BY 1`,
      );
      const byProcess = Object.fromEntries(rows.map((r) => [r.name, r.n]));
      // Both run in this test's process, and each names its connections by role, pid and host.
      expect(byProcess[`kubeward-api/${process.pid}@${hostname()}`]).toBeGreaterThan(0);
      for (const n of Object.values(byProcess)) expect(n).toBeLessThanOrEqual(3);
    });
  });
});
