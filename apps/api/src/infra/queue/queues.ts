import type { ConnectionOptions, Job, Queue } from 'bullmq';
import type { AppConfig } from '../../config/config';
import { redisClient, redisOptions, sentinelOptions } from '../redis/connection';

/*
 * Queue names carry a hash tag ({…}): on a Redis Cluster every key of one queue then lives in one
 * slot, as BullMQ's scripts need, while different queues may live on different nodes.
 */
export const EVALUATE_QUEUE = '{evaluate}';
export const DELIVER_QUEUE = '{deliver}';
/** The worker's periodic tasks, one job per task and interval (MaintenanceScheduler). */
export const MAINTENANCE_QUEUE = '{maintenance}';

/** A queue as metrics and logs name it: without its hash tag's braces. */
export const queueLabel = (name: string): string => name.replace(/[{}]/g, '');

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

/**
 * What BullMQ connects with: options for one server, or for the master the sentinels name (BullMQ
 * opens its own connections from them, retrying every request for as long as Redis is away, as
 * its blocking workers require), or with REDIS_MODE=cluster one Cluster client it shares
 * (CoreModule closes it last).
 */
export function queueConnection(config: AppConfig['redis']): ConnectionOptions {
  if (config.mode === 'standalone') {
    const { host, port, username, password, db, tls } = redisOptions(config.nodes[0]!);
    return { host, port, username, password, db, tls, maxRetriesPerRequest: null };
  }
  if (config.mode === 'sentinel') return { ...sentinelOptions(config), maxRetriesPerRequest: null };
  return redisClient(config, { maxRetriesPerRequest: null });
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
