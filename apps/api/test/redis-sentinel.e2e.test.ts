import { startRedisSentinel, type RedisSentinel } from '@kubeward/harness';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { createTestContext, eventually, type TestContext } from './support/context';
import { WebhookReceiver } from './support/receiver';
import { alertingCluster, deployment, post, settled, snapshotOf } from './support/snapshots';

/**
 * The API and the worker on a Redis kept available by Sentinel (REDIS_MODE=sentinel): a real
 * master, replica and sentinel on loopback. The sentinel switches masters twice, once with the old
 * master alive (demoted to replica) and once with it killed; the service carries on with the new
 * master each time, periodic tasks included.
 */
describe('on a Redis behind Sentinel', () => {
  let redis: RedisSentinel;
  let ctx: TestContext;
  const receiver = new WebhookReceiver();
  beforeAll(async () => {
    redis = await startRedisSentinel();
    ctx = await createTestContext({
      REDIS_MODE: 'sentinel',
      REDIS_URL: redis.url,
      REDIS_SENTINEL_MASTER: redis.master,
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await receiver.stop();
    await redis?.stop();
  });

  const runs = async (task: string) =>
    (await ctx.worker!.get(MetricsService).maintenanceRuns.get()).values.find((v) => v.labels.task === task)?.value ??
    0;

  it('queues, evaluates and alerts through the master the sentinel names, before and after a failover', async () => {
    const { clusterId, agentToken, at } = await alertingCluster(ctx, await receiver.start());
    const first = snapshotOf([deployment('api')], at(0));
    expect((await post(ctx.url, agentToken, first)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, first.snapshotId)).toBe('EVALUATED');

    // With the old master alive and demoted: writes to it would be refused, so clients must move.
    const firstMaster = await redis.masterPort();
    expect(await redis.switchover()).not.toBe(firstMaster);
    const second = snapshotOf([deployment('api', { privileged: true })], at(5));
    expect((await post(ctx.url, agentToken, second)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, second.snapshotId, 60_000)).toBe('EVALUATED');
    const alert = await eventually(
      async () => receiver.received.find((r) => r.body.includes('privileged-container')),
      'the alert',
      60_000,
    );
    expect(JSON.parse(alert.body).type).toBe('evaluation.changed');

    // With the master killed: accepted while the clients find the promoted one (the outbox keeps
    // it), then evaluated there.
    expect(await redis.failover()).toBe(firstMaster);
    const third = snapshotOf([deployment('api')], at(10));
    expect((await post(ctx.url, agentToken, third)).status).toBe(202);
    expect(await settled(ctx.sql, clusterId, third.snapshotId, 60_000)).toBe('EVALUATED');

    // The periodic tasks' schedules are on the new master too: the reconciler runs again.
    const reconciled = await runs('outbox reconciliation');
    await eventually(
      async () => ((await runs('outbox reconciliation')) > reconciled ? true : undefined),
      'a reconciliation after the failover',
      60_000,
    );
  }, 240_000);
});
