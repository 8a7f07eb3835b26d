import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { queueLabel } from '../queue/queues';

const QUIET_MS = 30_000;

/**
 * Logs a Redis client's errors as one warning per 30 s: while Redis is away every command and
 * reconnection fails, and callers see (and report) each failure already.
 */
export function logConnectionErrors(
  emitter: { on(event: 'error', listener: (err: Error) => void): unknown },
  logger: Logger,
  fields: Record<string, string> = {},
): void {
  let last = 0;
  emitter.on('error', (err: Error) => {
    if (Date.now() - last < QUIET_MS) return;
    last = Date.now();
    logger.warn({ ...fields, err: err.message }, 'redis connection error (repeats are not logged for 30 s)');
  });
}

/**
 * BullMQ's queues and workers emit `error` for each failed command while Redis is away; one with
 * no listener has BullMQ print the raw error to stderr, outside the JSON logs. Each queue and
 * worker of the application gets a listener instead.
 */
@Injectable()
export class QueueConnectionErrors implements OnApplicationBootstrap {
  private readonly logger = new Logger('queue');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const seen = new Set<unknown>();
    for (const { instance } of this.discovery.getProviders()) {
      const emitter = instance instanceof Queue ? instance : instance instanceof WorkerHost ? instance.worker : null;
      if (!emitter || seen.has(emitter)) continue;
      seen.add(emitter);
      logConnectionErrors(emitter, this.logger, {
        queue: queueLabel(emitter.name),
        role: instance instanceof Queue ? 'queue' : 'worker',
      });
    }
  }
}
