import { startRedisCluster, type RedisCluster } from '@kubeward/harness';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { createTestContext, eventually, type TestContext } from './support/context';
import { WebhookReceiver } from './support/receiver';
import { alertingCluster, deployment, post, settled, snapshotOf } from './support/snapshots';

/**
 * The API and the worker on a real three-node Redis Cluster (REDIS_MODE=cluster): snapshots are
 * queued, evaluated and alerted on, rate limits and periodic tasks work, and the processes close.
 */
describe('on a Redis Cluster', () => {
  let redis: RedisCluster;
  let ctx: TestContext;
  const receiver = new WebhookReceiver();
  beforeAll(async () => {
    redis = await startRedisCluster();
    ctx = await createTestContext({ REDIS_URL: redis.url, REDIS_MODE: 'cluster', INGEST_RATE_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await ctx?.close();
    await receiver.stop();
    await redis?.stop();
  });

  it('queues, evaluates and alerts; limits and periodic tasks hold across its nodes', async () => {
    const { clusterId, agentToken, at } = await alertingCluster(ctx, await receiver.start());
    const first = snapshotOf([deployment('api')], at(0));
    expect((await post(ctx.url, agentToken, first)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, first.snapshotId)).toBe('EVALUATED');
    const second = snapshotOf([deployment('api', { privileged: true })], at(5));
    expect((await post(ctx.url, agentToken, second)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, second.snapshotId)).toBe('EVALUATED');
    const alert = await eventually(
      async () => receiver.received.find((r) => r.body.includes('privileged-container')),
      'the alert',
    );
    expect(JSON.parse(alert.body).type).toBe('evaluation.changed');

    // The per-cluster ingest budget (3 a minute) is kept in the cluster: the fourth is refused.
    const third = snapshotOf([deployment('api')], at(10));
    expect((await post(ctx.url, agentToken, third)).status).toBe(202);
    expect((await post(ctx.url, agentToken, snapshotOf([deployment('api')], at(15)))).status).toBe(429);

    // The workers' periodic tasks are scheduled and run through the cluster too.
    await eventually(async () => {
      const runs = await ctx.worker!.get(MetricsService).maintenanceRuns.get();
      return runs.values.some((v) => v.labels.task === 'outbox reconciliation' && v.value > 0) ? true : undefined;
    }, 'a periodic task');
  });
});
