import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { createWorker } from '../src/bootstrap';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { MAINTENANCE_QUEUE } from '../src/infra/queue/queues';
import { createTestContext, eventually, type TestContext } from './support/context';

const INTERVAL = 250;
const TASKS = [
  'alert digests',
  'alert monitoring',
  'outbox reconciliation',
  'partition upkeep',
  'purge of deleted clusters and organisations',
  'resolved findings retention',
];

const runsOf = async (worker: INestApplicationContext, task: string): Promise<number> => {
  const { values } = await worker.get(MetricsService).maintenanceRuns.get();
  return values.find((v) => v.labels.task === task)?.value ?? 0;
};

describe('periodic tasks across workers', () => {
  let ctx: TestContext;
  let second: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createTestContext({ RECONCILE_INTERVAL_MS: String(INTERVAL) });
    second = await createWorker(ctx.config);
  });
  afterAll(async () => {
    await second?.close();
    await ctx?.close();
  });

  it('runs each task once per interval however many workers there are', async () => {
    const queue = ctx.worker!.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(TASKS);
    expect(schedulers.find((s) => s.key === 'outbox reconciliation')?.every).toBe(INTERVAL);

    const workers = [ctx.worker!, second];
    const total = async () =>
      (await Promise.all(workers.map((w) => runsOf(w, 'outbox reconciliation')))).reduce((a, b) => a + b);
    const from = Date.now();
    const start = await total();
    await eventually(async () => ((await total()) - start >= 12 ? true : undefined), 'twelve reconciliations');
    const elapsed = Date.now() - from;
    // One job per interval, taken by one worker: never more runs than intervals went by (plus the
    // ones due at each end). A timer in each of the two workers would make about twice as many.
    expect((await total()) - start).toBeLessThanOrEqual(Math.floor(elapsed / INTERVAL) + 2);
  });
});
