import type { ConnectionOptions, Job, Queue } from 'bullmq';

export const EVALUATE_QUEUE = 'evaluate';
export const DELIVER_QUEUE = 'deliver';
/** The worker's periodic tasks, one job per task and interval (MaintenanceScheduler). */
export const MAINTENANCE_QUEUE = 'maintenance';

/**
 * How soon the job of a worker that died is taken over by another: its lock lapses after
 * `lockDuration` (renewed every half of it while the worker lives), and a live worker's check
 * every `stalledInterval` moves it back to waiting: at most lockDuration + stalledInterval. A
 * check as slow as the lock (BullMQ's default) made that up to twice the lock: 47–88 s measured
 * against the 30 s documented. Read at load time because processor options are decorator
 * arguments; validated in config.ts.
 */
const lockDuration = Number(process.env.QUEUE_LOCK_DURATION_MS || 20_000);
export const WORKER_LOCK = { lockDuration, stalledInterval: Math.min(5_000, Math.ceil(lockDuration / 4)) };

export interface EvaluateJob {
  snapshotId: string;
}

export interface DeliverJob {
  deliveryId: string;
}

/** ioredis options from a redis:// URL. */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Workers block on Redis; BullMQ requires unlimited retries per request.
    maxRetriesPerRequest: null,
  };
}

/** Whether BullMQ gave the job up with this failure (out of attempts, or told not to retry). */
export const failedForGood = (job: Job | undefined, err: Error): boolean =>
  !job || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);

/** Logs a failed job: a warning while BullMQ will retry it, an error once it gave up. */
export function logJobFailure(
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void },
  job: Job | undefined,
  err: Error,
): void {
  const final = failedForGood(job, err);
  logger[final ? 'error' : 'warn'](
    { jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
    final ? 'job failed for good' : 'job failed; will retry',
  );
}

/**
 * Of these job ids, those the queue has never heard of (Redis lost them, or they were never
 * added). Asked all at once: the client sends the commands without waiting for each answer, so a
 * reconcile run of 500 rows costs one round trip, not 500.
 */
export async function unknownJobs(queue: Queue, jobIds: string[]): Promise<string[]> {
  const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
  return jobIds.filter((_, i) => states[i] === 'unknown');
}
