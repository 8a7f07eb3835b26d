import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { RedisClient } from '../redis/connection';
import { randomUUID } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { MetricsRepository } from './metrics.repository';
import { DELIVER_QUEUE, EVALUATE_QUEUE, queueLabel } from '../queue/queues';
import { REDIS } from '../redis/redis.module';

/** Renews the shared-metrics lease if this process holds it, else takes it if free: 1 when held. */
const HOLD_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2])
elseif redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 else return 0 end`;
const RELEASE_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const LEASE_KEY = 'metrics:shared';

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
  /**
   * Whether this process exports the gauges of shared state (queue depths, stale clusters,
   * deletions): one process at a time does, holding a lease in Redis renewed at each refresh, so
   * that summing a metric across replicas does not count the same queue once per replica.
   */
  private exportsShared = false;
  private readonly sharedGauges: Gauge[];
  private readonly processId = randomUUID();

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

  readonly evaluationWorkloads = new Counter({
    name: 'kubeward_evaluation_workloads_total',
    help: "Workloads evaluated, by whether the local rules judged them again or carried their findings from this worker's last evaluation of the cluster.",
    labelNames: ['judged'] as const,
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
    help: 'Alert delivery attempts (every kind of destination), by outcome (succeeded, failed, rate_limited, refused, timed_out, disabled).',
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
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kubeward_' });
    const shared = () => this.shared;
    // Registered only while this process holds the lease (see exportsShared).
    this.sharedGauges = [
      new Gauge({
        name: 'kubeward_queue_jobs',
        help: 'Jobs in each queue, by state (read every METRICS_REFRESH_MS, exported by one process).',
        labelNames: ['queue', 'state'] as const,
        registers: [],
        collect() {
          for (const [queue, counts] of shared().queues) {
            for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
          }
        },
      }),
      new Gauge({
        name: 'kubeward_clusters_stale',
        help: 'Clusters with an outstanding cluster.stale alert (read every METRICS_REFRESH_MS, exported by one process).',
        registers: [],
        collect() {
          this.set(shared().staleClusters);
        },
      }),
      new Gauge({
        name: 'kubeward_deletions_pending',
        help: 'Deleted clusters and organisations whose data is still being removed (read every METRICS_REFRESH_MS, exported by one process).',
        registers: [],
        collect() {
          this.set(shared().pendingDeletions);
        },
      }),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    // The request-time client does not queue commands while it connects: wait (briefly) for it,
    // or the first refresh would find it not ready and leave the gauges out for an interval.
    if (this.redis.status !== 'ready') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        this.redis.once('ready', () => (clearTimeout(timer), resolve()));
      });
    }
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.http.metricsRefreshMs);
    this.timer.unref();
  }

  /** Before the database closes (Prisma disconnects at application shutdown, after this). */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
    // Another process takes the shared gauges over at its next refresh, not after the lease runs out.
    if (this.exportsShared) {
      await this.redis.eval(RELEASE_LEASE, 1, LEASE_KEY, this.processId).catch(() => undefined);
      this.exportShared(false);
    }
  }

  /**
   * Reads the shared state once, if this process holds the lease to export it (so the reads, too,
   * happen once per interval, not once per replica); a failure keeps the last values (and is logged).
   */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const ttl = 3 * this.config.http.metricsRefreshMs;
        this.exportShared((await this.redis.eval(HOLD_LEASE, 1, LEASE_KEY, this.processId, ttl)) === 1);
        if (!this.exportsShared) return;
        const queues = new Map<string, Record<string, number>>();
        for (const queue of [this.evaluate, this.deliver])
          queues.set(queueLabel(queue.name), await queue.getJobCounts(...QUEUE_STATES));
        this.shared = { queues, ...(await this.repository.sharedCounts()) };
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'could not refresh shared metrics');
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private exportShared(held: boolean): void {
    if (held === this.exportsShared) return;
    this.exportsShared = held;
    for (const gauge of this.sharedGauges) {
      if (held) this.registry.registerMetric(gauge);
      else this.registry.removeSingleMetric((gauge as unknown as { name: string }).name);
    }
  }

  /** The exposition text. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
