import type { INestApplicationContext } from '@nestjs/common';
import { createWorker } from '../src/bootstrap';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { EvaluationService } from '../src/modules/evaluation/evaluation.service';
import { createTestContext, type TestContext } from './support/context';
import { deployment, post, snapshotOf } from './support/snapshots';

/**
 * A worker keeps each cluster's open findings and object states between evaluations. Two workers
 * evaluate one cluster in turns here (each on a queue of its own, so the test says who evaluates
 * what): a copy another worker's evaluation made out of date must be read again, never used.
 */
/** The two rules the test follows (a deployment has many findings). */
const WATCHED = ['privileged-container', 'host-pid-ipc'];
const T = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString();

describe("a worker's copy of a cluster's state", () => {
  let ctx: TestContext;
  const workers: INestApplicationContext[] = [];
  beforeAll(async () => {
    // The API queues each snapshot; no worker takes those jobs: the test hands each to a worker.
    ctx = await createTestContext({}, { worker: false });
    for (const name of ['a', 'b'])
      workers.push(
        await createWorker({ ...ctx.config, redis: { ...ctx.config.redis, prefix: `${name}-${Date.now()}` } }),
      );
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await ctx?.close();
  });

  /** One of this worker's counters, by the value of its one label. */
  const counted = async (
    worker: INestApplicationContext,
    counter: 'evaluationStateCache' | 'evaluationWorkloads',
  ): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await worker.get(MetricsService)[counter].get()).values.map((v) => [Object.values(v.labels)[0], v.value]),
    );
  const cacheResults = (worker: INestApplicationContext) => counted(worker, 'evaluationStateCache');

  type Cluster = { clusterId: string; agentToken: string };
  const evaluateOn = async (c: Cluster, worker: INestApplicationContext, manifests: object[], minute: number) => {
    const snapshot = snapshotOf(manifests as never, T(minute));
    expect((await post(ctx.url, c.agentToken, snapshot)).status).toBe(202);
    const { rows } = await ctx.sql.query(`SELECT id FROM "Snapshot" WHERE "externalId" = $1`, [snapshot.snapshotId]);
    const outcome = await worker.get(EvaluationService).evaluateSnapshot(rows[0].id);
    expect(outcome.status).toBe('evaluated');
    const open = await ctx.sql.query(
      `SELECT "ruleId", "resourceName" FROM "Finding" WHERE "clusterId" = $1 AND status = 'OPEN'
         AND "ruleId" = ANY($2) ORDER BY 1, 2`,
      [c.clusterId, WATCHED],
    );
    const states = await ctx.sql.query(`SELECT "objectKey" FROM "ObjectState" WHERE "clusterId" = $1 ORDER BY 1`, [
      c.clusterId,
    ]);
    return {
      changes:
        'changes' in outcome
          ? outcome.changes
              .filter((x) => WATCHED.includes(x.finding.ruleId))
              .map((x) => `${x.event} ${x.finding.ruleId} ${x.finding.resource.name}`)
              .sort()
          : [],
      open: open.rows.map((r) => `${r.ruleId} ${r.resourceName}`),
      objects: states.rows.map((r) => r.objectKey),
    };
  };

  it('is used while no other evaluation came between, and read again when one did', async () => {
    const [a, b] = workers as [INestApplicationContext, INestApplicationContext];
    const { organizationId } = await ctx.newOrg();
    const cluster = await ctx.newCluster(organizationId);
    const evaluate = (worker: INestApplicationContext, manifests: object[], minute: number) =>
      evaluateOn(cluster, worker, manifests, minute);
    await evaluate(a, [deployment('api', { privileged: true })], 0);
    await evaluate(b, [deployment('api'), deployment('web', { hostPID: true })], 5);
    // a's copy still says api is privileged and web does not exist: b's evaluation came between.
    const third = await evaluate(a, [deployment('api', { privileged: true })], 10);
    expect(third.changes).toEqual(['finding.reopened privileged-container api', 'finding.resolved host-pid-ipc web']);
    expect(third.open).toEqual(['privileged-container api']);
    expect(third.objects).toEqual(['Deployment/payments/api']);
    expect(await cacheResults(a)).toEqual({ miss: 2 });

    // Nothing came between: a's copy, as its own evaluation left it, serves the next one.
    const fourth = await evaluate(a, [deployment('api'), deployment('web', { hostPID: true })], 15);
    expect(fourth.changes).toEqual(['finding.reopened host-pid-ipc web', 'finding.resolved privileged-container api']);
    expect(fourth.open).toEqual(['host-pid-ipc web']);
    expect(fourth.objects).toEqual(['Deployment/payments/api', 'Deployment/payments/web']);
    expect(await cacheResults(a)).toEqual({ miss: 2, hit: 1 });

    // A repeat (same content, same day) changes nothing: the copy follows it, and serves the next.
    expect((await evaluate(a, [deployment('api'), deployment('web', { hostPID: true })], 20)).changes).toEqual([]);
    const sixth = await evaluate(a, [deployment('web', { hostPID: true })], 25);
    expect(sixth.objects).toEqual(['Deployment/payments/web']);
    expect(sixth.open).toEqual(['host-pid-ipc web']);
    expect(await cacheResults(a)).toEqual({ miss: 2, hit: 3 });
    expect(await cacheResults(b)).toEqual({ miss: 1 });
  });

  const judged = async (worker: INestApplicationContext) => {
    const { again = 0, carried = 0 } = await counted(worker, 'evaluationWorkloads');
    return { again, carried };
  };
  /** How many workloads the evaluation judged again and carried. */
  const counting = async (worker: INestApplicationContext, run: () => Promise<unknown>) => {
    const before = await judged(worker);
    const outcome = await run();
    const after = await judged(worker);
    return { outcome, again: after.again - before.again, carried: after.carried - before.carried };
  };

  it('judges again only the workloads that changed, whoever evaluated in between', async () => {
    const [a, b] = workers as [INestApplicationContext, INestApplicationContext];
    const { organizationId } = await ctx.newOrg();
    const cluster = await ctx.newCluster(organizationId);
    const run = (worker: INestApplicationContext, manifests: object[], minute: number) =>
      counting(worker, () => evaluateOn(cluster, worker, manifests, minute + 30));

    expect(
      await run(a, [deployment('api', { privileged: true }), deployment('web'), deployment('db')], 0),
    ).toMatchObject({ again: 3, carried: 0 });
    const second = await run(a, [deployment('api'), deployment('web', { hostPID: true }), deployment('db')], 5);
    expect(second).toMatchObject({ again: 2, carried: 1 });
    expect(second.outcome).toMatchObject({
      changes: ['finding.opened host-pid-ipc web', 'finding.resolved privileged-container api'],
      open: ['host-pid-ipc web'],
    });
    // b knows nothing of the cluster: it judges everything.
    expect(
      await run(
        b,
        [deployment('api', { privileged: true }), deployment('web', { hostPID: true }), deployment('db')],
        10,
      ),
    ).toMatchObject({ again: 3, carried: 0 });
    // a's carry is older than b's evaluation, and still right for what it says it judged.
    const fourth = await run(a, [deployment('api'), deployment('web'), deployment('db')], 15);
    expect(fourth).toMatchObject({ again: 1, carried: 2 });
    expect(fourth.outcome).toMatchObject({
      changes: ['finding.resolved host-pid-ipc web', 'finding.resolved privileged-container api'],
      open: [],
    });
    // Anything besides workloads (here a namespace's Pod Security label) is judged against again.
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'payments', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    };
    expect(await run(a, [namespace, deployment('api'), deployment('web'), deployment('db')], 20)).toMatchObject({
      again: 3,
      carried: 0,
    });
  });
});
