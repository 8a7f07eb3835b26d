import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PrismaService } from '../prisma/prisma.service';
import { DELIVER_QUEUE, EVALUATE_QUEUE } from '../queue/queues';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The process's Prometheus metrics. One registry per application (not prom-client's global one):
 * tests run an API and a worker in one process. Gauges of shared state (queue depths, stale
 * clusters) are read at scrape time, so any replica answers them alike.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly snapshots = new Counter({
    name: 'kubeward_snapshots_total',
    help: 'Snapshots received by the ingest endpoint, by outcome (accepted, duplicate, rejected) and rejection reason.',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly evaluationSeconds = new Histogram({
    name: 'kubeward_evaluation_duration_seconds',
    help: 'Time to evaluate one snapshot, from job start to commit, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly jobFailures = new Counter({
    name: 'kubeward_job_failures_total',
    help: 'Queue job attempts that failed (each is retried until its attempts run out), by queue.',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'kubeward_webhook_attempts_total',
    help: 'Webhook delivery attempts, by outcome (succeeded, failed, refused, timed_out, disabled).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly prisma: PrismaService,
    @InjectQueue(EVALUATE_QUEUE) evaluate: Queue,
    @InjectQueue(DELIVER_QUEUE) deliver: Queue,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kubeward_' });
    new Gauge({
      name: 'kubeward_queue_jobs',
      help: 'Jobs in each queue, by state.',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of [evaluate, deliver]) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'kubeward_clusters_stale',
      help: 'Clusters with an outstanding cluster.stale alert (no snapshot or heartbeat for too long).',
      registers: [this.registry],
      collect: async function (this: Gauge) {
        this.set(await prisma.cluster.count({ where: { staleSince: { not: null } } }));
      },
    });
  }

  /** The exposition text; a scrape whose shared-state gauges fail still returns the rest. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
