import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsRepository } from './metrics.repository';
import { DELIVER_QUEUE, EVALUATE_QUEUE } from '../queue/queues';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The process's Prometheus metrics. One registry per application (not prom-client's global one):
 * tests run an API and a worker in one process. Gauges of shared state (queue depths, stale
 * clusters) are read on a schedule (`METRICS_REFRESH_MS`), never on a scrape: scrapes cost no
 * query, however often they come.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsService.name);
  private timer?: NodeJS.Timeout;
  private refreshing?: Promise<void>;
  private shared = { queues: new Map<string, Record<string, number>>(), staleClusters: 0, pendingDeletions: 0 };

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

  readonly evaluationStateCache = new Counter({
    name: 'kubeward_evaluation_state_cache_total',
    help: "Evaluations by whether this worker's copy of the cluster's open findings and object states was current (hit) or read from the database (miss).",
    labelNames: ['result'] as const,
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

  readonly snapshotsFailed = new Counter({
    name: 'kubeward_snapshots_failed_total',
    help: 'Snapshots whose evaluation failed for good (status FAILED, reason in failedSnapshots).',
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'kubeward_refusals_total',
    help: 'Refused credentials and roles, by kind (api_key, agent_token, forbidden) and whether the credential was known (a revoked or expired one, audited in its organisation).',
    labelNames: ['kind', 'known'] as const,
    registers: [this.registry],
  });

  readonly purgedRows = new Counter({
    name: 'kubeward_purged_rows_total',
    help: 'Rows removed by the background purge of deleted clusters and organisations.',
    registers: [this.registry],
  });

  readonly maintenanceRuns = new Counter({
    name: 'kubeward_maintenance_runs_total',
    help: 'Periodic tasks (outbox reconciliation, alert monitor, purge, partition upkeep) run by this worker, by task: each interval runs on one worker only.',
    labelNames: ['task'] as const,
    registers: [this.registry],
  });

  readonly partitions = new Counter({
    name: 'kubeward_history_partitions_total',
    help: 'History partitions created ahead and dropped past retention, by action and table.',
    labelNames: ['action', 'table'] as const,
    registers: [this.registry],
  });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: MetricsRepository,
    @InjectQueue(EVALUATE_QUEUE) private readonly evaluate: Queue,
    @InjectQueue(DELIVER_QUEUE) private readonly deliver: Queue,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kubeward_' });
    const shared = () => this.shared;
    new Gauge({
      name: 'kubeward_queue_jobs',
      help: 'Jobs in each queue, by state (read every METRICS_REFRESH_MS).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      collect() {
        for (const [queue, counts] of shared().queues) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'kubeward_clusters_stale',
      help: 'Clusters with an outstanding cluster.stale alert (read every METRICS_REFRESH_MS).',
      registers: [this.registry],
      collect() {
        this.set(shared().staleClusters);
      },
    });
    new Gauge({
      name: 'kubeward_deletions_pending',
      help: 'Deleted clusters and organisations whose data is still being removed (read every METRICS_REFRESH_MS).',
      registers: [this.registry],
      collect() {
        this.set(shared().pendingDeletions);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.http.metricsRefreshMs);
    this.timer.unref();
  }

  /** Before the database closes (Prisma disconnects at application shutdown, after this). */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
  }

  /** Reads the shared state once; a failure keeps the last values (and is logged). */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const queues = new Map<string, Record<string, number>>();
        for (const queue of [this.evaluate, this.deliver])
          queues.set(queue.name, await queue.getJobCounts(...QUEUE_STATES));
        this.shared = { queues, ...(await this.repository.sharedCounts()) };
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'could not refresh shared metrics');
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** The exposition text. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
