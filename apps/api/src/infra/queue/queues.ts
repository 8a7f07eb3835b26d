import type { ConnectionOptions, Job } from 'bullmq';

export const EVALUATE_QUEUE = 'evaluate';
export const DELIVER_QUEUE = 'deliver';

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

/** Logs a failed job: a warning while BullMQ will retry it, an error once it gave up. */
export function logJobFailure(
  logger: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void },
  job: Job | undefined,
  err: Error,
): void {
  const final = job ? job.attemptsMade >= (job.opts.attempts ?? 1) : true;
  logger[final ? 'error' : 'warn'](
    { jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
    final ? 'job failed for good' : 'job failed; will retry',
  );
}
