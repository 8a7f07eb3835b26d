import path from 'node:path';
import { z } from 'zod';
import { PARSE_FACTOR } from '../modules/ingest/memory-budget';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list; empty by default. */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');
/** An empty value counts as unset (Compose's `${VAR:-}` passes one through). */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const redisUrl = z
  .string()
  .refine(
    (v) => v.split(',').every((u) => /^rediss?:\/\/[^\s]+$/.test(u.trim())),
    'must be a redis:// or rediss:// URL (with REDIS_MODE=cluster: the seed nodes, comma-separated; with REDIS_MODE=sentinel: the sentinels)',
  );

/** Every setting the API and worker read, parsed once from the environment. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Each process's port for /metrics and /healthz, apart from the public one; 0 picks a free one. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The former name of METRICS_PORT (the worker's), still read when METRICS_PORT is unset. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** How often queue depths and stale clusters are read for /metrics (never on a scrape). */
  METRICS_REFRESH_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Express's `trust proxy`: which hops' X-Forwarded-For to believe for the client's address (per
   * address limits, logs). `false` (default), `true`, a hop count, or comma-separated addresses/CIDRs.
   */
  TRUST_PROXY: z.string().default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Connections each process may open to PostgreSQL. A worker holds one per evaluation in
   * progress (WORKER_EVALUATE_CONCURRENCY) and briefly one per delivery; an API one per query in
   * flight. Processes × this must stay under the server's max_connections (or the pooler's).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
  /** Evaluations one worker runs at once (each is mostly CPU: about one per core). */
  WORKER_EVALUATE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Webhook deliveries one worker sends at once (each mostly waits on the receiver). */
  WORKER_DELIVER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  /**
   * After SIGTERM, how long a process may take to finish what it holds before it exits anyway.
   * Keep it under the orchestrator's grace period (Kubernetes: terminationGracePeriodSeconds).
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(25),
  /** Every SQL statement (its text and duration, never its values) at debug level: for diagnosing plans. */
  LOG_SQL: bool.default(false),
  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl,
  /**
   * `cluster`: REDIS_URL names seed nodes of a Redis Cluster (queues carry hash tags for it).
   * `sentinel`: REDIS_URL names the sentinels (comma-separated) that know the master
   * REDIS_SENTINEL_MASTER; the URLs' credentials and TLS are the master's.
   */
  REDIS_MODE: z.enum(['standalone', 'cluster', 'sentinel']).default('standalone'),
  /** With REDIS_MODE=sentinel: the name the sentinels monitor the master by. */
  REDIS_SENTINEL_MASTER: unsetWhenEmpty(z.string().min(1).optional()),
  /** With REDIS_MODE=sentinel: the sentinels' own password, when they require one. */
  REDIS_SENTINEL_PASSWORD: unsetWhenEmpty(z.string().min(1).optional()),
  /** Key prefix for every BullMQ key, so that several deployments (or test files) share a Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_{}-]+$/)
    .default('kubeward'),
  /** 32 bytes, base64: encrypts webhook signing secrets at rest. */
  ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be 32 bytes encoded as base64 (openssl rand -base64 32)',
    ),
  /** Guards the SaaS operator's organisation management. */
  OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  INGEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  /** Bytes on the wire of a gzipped snapshot (snapshots compress 8–20×, so this is generous). */
  INGEST_MAX_COMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  /**
   * Bytes all snapshot requests in flight may hold at once (compressed and inflated bodies, and 3×
   * the body while it is parsed); past it the API answers 503 with Retry-After and agents come
   * back. At least one largest snapshot's worth.
   */
  INGEST_MEMORY_BUDGET_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(160 * 1024 * 1024),
  /** How far in the future an agent's `collectedAt` may be (its clock may be a little ahead). */
  INGEST_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).default(300),
  WEBHOOK_ALLOW_HTTP: bool.default(false),
  /** Comma-separated hosts or CIDRs that webhooks may reach although they are private (tests, demo). */
  WEBHOOK_ALLOWED_HOSTS: commaList,
  /**
   * Resolve webhook hosts with these DNS servers (`host` or `host:port`, comma-separated) instead
   * of the system resolver. Whatever answers, the address connected to is checked.
   */
  WEBHOOK_DNS_SERVERS: commaList,
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; each next one doubles (8 attempts at 680 s span about a day). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(680_000),
  /** An endpoint whose attempts have all failed for this long is disabled. */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().default(72),
  /** A finding resolved and reopened within this window (flapping) alerts once, not each time. */
  WEBHOOK_FLAP_WINDOW_MINUTES: z.coerce.number().min(0).default(60),
  /** After a secret rotation, deliveries carry signatures with both secrets for this long. */
  WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().min(0).default(24),
  /** How often the worker looks for stale clusters and expired exceptions. */
  MONITOR_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** How often the worker re-enqueues outbox rows whose job never reached Redis. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** How often an idle worker looks for deleted clusters and organisations whose data to remove. */
  PURGE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Rows one purge statement removes: each is short, so nothing waits long on it. */
  PURGE_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** How long a worker owns a deletion without renewing it: the longest a crashed one's wait to be resumed. */
  PURGE_LEASE_SECONDS: z.coerce.number().int().min(5).default(60),
  /** How long finished cluster deletions stay listed (with what was deleted) before they go too. */
  PURGE_KEEP_FINISHED_DAYS: z.coerce.number().min(0).default(30),
  /**
   * How long a job's lock lasts without renewal; a dead worker's job is taken over within this
   * plus a quarter of it, at most 5 s more (infra/queue/queues.ts).
   */
  QUEUE_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(20_000),
  /** Snapshots and heartbeats one cluster may send per minute before getting 429. */
  INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Re-evaluations one cluster may be asked for per minute before RATE_LIMITED. */
  REEVALUATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(6),
  /** A cluster with no snapshot or heartbeat for this long is shown as stale. */
  CLUSTER_STALE_AFTER_MINUTES: z.coerce.number().positive().default(30),
  /** GraphQL operations one API key may run per minute before getting RATE_LIMITED. */
  API_KEY_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Query limits, checked before anything runs. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  /** Lexical tokens a query document may have, counted while parsing, before validation. */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(2_000),
  /** Field selections a query document may have, counted before validation (whose cost is quadratic in them). */
  GRAPHQL_MAX_FIELDS: z.coerce.number().int().min(10).default(250),
  /** Bytes of a GraphQL request body (a query and its variables). */
  GRAPHQL_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  /** Schema introspection over GraphQL; by default on outside production only. */
  GRAPHQL_INTROSPECTION: bool.optional(),
  /**
   * Refused attempts that name an organisation (a revoked key or agent token, a role too low) are
   * audited as one entry per actor and kind per this window, with their count.
   */
  AUDIT_REFUSALS_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  /** Refused credentials (GraphQL) one client address may send per minute before RATE_LIMITED. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** How long a rotated-away agent token keeps working. */
  AGENT_TOKEN_GRACE_SECONDS: z.coerce.number().int().min(0).default(86_400),
  /**
   * Keep each snapshot's raw payload for the retention period. By default a payload is dropped
   * once a newer snapshot of its cluster is evaluated (all it said lives on as history).
   */
  SNAPSHOT_KEEP_SUPERSEDED_PAYLOADS: bool.default(false),
  /**
   * Raw snapshot payloads are dropped by the day once older than this (the day's partition);
   * what was learnt from them stays as history.
   */
  SNAPSHOT_RETENTION_DAYS: z.coerce.number().int().min(1).default(14),
  /**
   * How long an organisation keeps history (snapshots' records, evaluations, finding events,
   * object changes, the audit log) unless it chose otherwise (settings, within the bounds below).
   * Partitions are dropped by the month once older than the longest any organisation keeps.
   */
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(400),
  /** The least history an organisation may choose to keep. */
  HISTORY_RETENTION_MIN_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /** The most history an organisation may choose to keep (storage grows with it). */
  HISTORY_RETENTION_MAX_DAYS: z.coerce.number().int().min(1).max(3_650).default(1_095),
  /**
   * Clusters' open findings and object states each worker keeps between evaluations, in entries
   * (one per finding or object, ~250 bytes of heap each): reading them costs more than the evaluation
   * that compares them. 0 reads them every time.
   */
  EVALUATION_STATE_CACHE_ENTRIES: z.coerce.number().int().min(0).default(400_000),
  EVALUATION_CARRY_ENTRIES: z.coerce.number().int().min(0).default(100_000),
  /** Alerts (outbox events, deliveries and their attempts) are dropped by the month once older than this. */
  ALERT_RETENTION_DAYS: z.coerce.number().int().min(7).max(3_650).default(90),
  /**
   * The URL agents push to, written into the install manifests registerCluster returns: https,
   * as agents send their token to it, unless PUBLIC_API_ALLOW_HTTP.
   */
  PUBLIC_API_URL: unsetWhenEmpty(z.url({ protocol: /^https?$/ }).optional()),
  /** Development only: a plain-http PUBLIC_API_URL, and install manifests that let agents use it. */
  PUBLIC_API_ALLOW_HTTP: bool.default(false),
  /**
   * A PEM file of the CA certificate(s) PUBLIC_API_URL's certificate chains to, when that is a
   * private CA (an internal one; Caddy's in the Compose stack): the manifests ship it and the
   * agent trusts it. Read when manifests are rendered, so it may appear after start-up.
   */
  AGENT_CA_FILE: unsetWhenEmpty(z.string().min(1).optional()),
  /** The agent image those manifests run; set it to the published, digest-pinned reference. */
  AGENT_IMAGE: unsetWhenEmpty(z.string().min(1).optional()),
  /**
   * Where people use Kubeward in a browser: links in mail point there, and cookie-authenticated
   * requests must come from that origin. Defaults to PUBLIC_API_URL (the console is served with the API).
   */
  PUBLIC_CONSOLE_URL: unsetWhenEmpty(z.url({ protocol: /^https?$/ }).optional()),
  /** The console's built files (apps/web/dist); unset: the build beside the API's. */
  CONSOLE_DIR: unsetWhenEmpty(z.string().min(1).optional()),
  /** A session ends after this long without a request. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1_440).default(30),
  /** A session ends this long after sign-in, however active. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** Failed sign-ins in a row (password or second factor) that lock an address's account, and for how long. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
  /** Sign-in attempts (password, TOTP, reset, invitation) per client address per minute. */
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1_440).default(30),
  /** Whoever proves an email address may create an account and an organisation. */
  SELF_SERVICE_SIGNUP: bool.default(false),
  /** smtp:// or smtps:// (credentials in the URL); unset: links are shown to whoever asked instead of mailed. */
  SMTP_URL: unsetWhenEmpty(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: z.string().default('Kubeward <no-reply@kubeward.invalid>'),
  /**
   * Identity providers an organisation may configure are reached only at public addresses, like
   * webhooks, plus these (hosts, addresses, CIDRs): an in-house provider on a private network.
   */
  OIDC_ALLOWED_HOSTS: commaList,
  /** Development only: identity providers over plain http. */
  OIDC_ALLOW_HTTP: bool.default(false),
});

/** What the largest snapshot holds of the memory budget: its body, then its parsing. */
const LARGEST_SNAPSHOT_FACTOR = 1 + PARSE_FACTOR;

const refinedEnv = envSchema
  .refine((e) => e.REDIS_MODE !== 'standalone' || !e.REDIS_URL.includes(','), {
    path: ['REDIS_URL'],
    message:
      'names several servers: set REDIS_MODE=cluster for a Redis Cluster or REDIS_MODE=sentinel for sentinels, or give one URL',
  })
  .refine((e) => e.REDIS_MODE !== 'sentinel' || e.REDIS_SENTINEL_MASTER !== undefined, {
    path: ['REDIS_SENTINEL_MASTER'],
    message: 'is required with REDIS_MODE=sentinel: the name the sentinels monitor the master by',
  })
  .refine((e) => e.PUBLIC_API_ALLOW_HTTP || !e.PUBLIC_API_URL?.startsWith('http:'), {
    path: ['PUBLIC_API_URL'],
    message: 'must be https: agents send their token to it (set PUBLIC_API_ALLOW_HTTP=true for development only)',
  })
  .refine(
    (e) => e.INGEST_MEMORY_BUDGET_BYTES >= e.INGEST_MAX_BYTES * LARGEST_SNAPSHOT_FACTOR + e.INGEST_MAX_COMPRESSED_BYTES,
    {
      path: ['INGEST_MEMORY_BUDGET_BYTES'],
      message: `must be at least ${LARGEST_SNAPSHOT_FACTOR} × INGEST_MAX_BYTES + INGEST_MAX_COMPRESSED_BYTES (a snapshot and its parsing), or the largest snapshot could never be taken`,
    },
  )
  .refine(
    (e) =>
      e.HISTORY_RETENTION_MIN_DAYS <= e.HISTORY_RETENTION_DAYS &&
      e.HISTORY_RETENTION_DAYS <= e.HISTORY_RETENTION_MAX_DAYS,
    {
      path: ['HISTORY_RETENTION_DAYS'],
      message: 'must lie between HISTORY_RETENTION_MIN_DAYS and HISTORY_RETENTION_MAX_DAYS',
    },
  );

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: {
    host: string;
    port: number;
    metricsPort: number;
    metricsRefreshMs: number;
    trustProxy: boolean | number | string[];
  };
  logLevel: Env['LOG_LEVEL'];
  /** `applicationName` labels the connections in pg_stat_activity (set per process by bootstrap). */
  database: { url: string; applicationName?: string; logSql: boolean; poolSize: number };
  redis: {
    url: string;
    prefix: string;
    mode: 'standalone' | 'cluster' | 'sentinel';
    nodes: string[];
    /** With mode `sentinel`: the master's name, and the sentinels' own password. */
    sentinel?: { master: string; password?: string };
  };
  security: { encryptionKey: Buffer; operatorToken?: string };
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxTokens: number;
    maxFields: number;
    maxBodyBytes: number;
    introspection: boolean;
    ratePerMinute: number;
    authFailuresPerMinute: number;
  };
  clusters: { staleAfterMinutes: number; reevaluationsPerMinute: number };
  ingest: {
    maxBytes: number;
    maxCompressedBytes: number;
    memoryBudgetBytes: number;
    maxClockSkewMs: number;
    ratePerMinute: number;
    tokenGraceSeconds: number;
    keepSupersededPayloads: boolean;
  };
  /**
   * Days kept of each kind of history (see PARTITIONED_TABLES). `history` is the default of an
   * organisation, which may choose within `historyBounds`.
   */
  retention: { payloads: number; history: number; alerts: number; historyBounds: { min: number; max: number } };
  webhooks: {
    allowHttp: boolean;
    allowedHosts: string[];
    dnsServers: string[];
    timeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    disableAfterMs: number;
    flapWindowMs: number;
    secretGraceMs: number;
  };
  evaluation: { stateCacheEntries: number; carryEntries: number };
  worker: { evaluateConcurrency: number; deliverConcurrency: number };
  shutdownGraceMs: number;
  reconcileIntervalMs: number;
  monitorIntervalMs: number;
  audit: { refusalsWindowMs: number };
  purge: { intervalMs: number; batchRows: number; leaseMs: number; keepFinishedMs: number };
  agent: { publicApiUrl?: string; allowHttp: boolean; image?: string; caFile?: string };
  /** Where the console's built files are; the API serves them at /. */
  console: { dir: string };
  identity: {
    /** Origin of the console: links and the same-origin check. Unset: the request's own origin. */
    consoleUrl?: string;
    sessionIdleMs: number;
    sessionAbsoluteMs: number;
    maxFailures: number;
    lockoutMs: number;
    attemptsPerMinute: number;
    invitationTtlMs: number;
    passwordResetTtlMs: number;
    selfServiceSignup: boolean;
    smtpUrl?: string;
    mailFrom: string;
    oidcAllowedHosts: string[];
    oidcAllowHttp: boolean;
  };
}

/** TRUST_PROXY as Express takes it. */
function trustProxy(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; the error names every invalid variable and why (never its value). */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = refinedEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      metricsPort: e.METRICS_PORT ?? e.WORKER_METRICS_PORT ?? 9464,
      metricsRefreshMs: e.METRICS_REFRESH_MS,
      trustProxy: trustProxy(e.TRUST_PROXY),
    },
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, logSql: e.LOG_SQL, poolSize: e.DATABASE_POOL_SIZE },
    redis: {
      url: e.REDIS_URL,
      prefix: e.QUEUE_PREFIX,
      mode: e.REDIS_MODE,
      nodes: e.REDIS_URL.split(',').map((u) => u.trim()),
      sentinel:
        e.REDIS_MODE === 'sentinel'
          ? { master: e.REDIS_SENTINEL_MASTER!, password: e.REDIS_SENTINEL_PASSWORD }
          : undefined,
    },
    security: { encryptionKey: Buffer.from(e.ENCRYPTION_KEY, 'base64'), operatorToken: e.OPERATOR_TOKEN },
    clusters: { staleAfterMinutes: e.CLUSTER_STALE_AFTER_MINUTES, reevaluationsPerMinute: e.REEVALUATIONS_PER_MINUTE },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxFields: e.GRAPHQL_MAX_FIELDS,
      maxBodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
      introspection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
      ratePerMinute: e.API_KEY_RATE_PER_MINUTE,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    },
    ingest: {
      maxBytes: e.INGEST_MAX_BYTES,
      maxCompressedBytes: e.INGEST_MAX_COMPRESSED_BYTES,
      memoryBudgetBytes: e.INGEST_MEMORY_BUDGET_BYTES,
      maxClockSkewMs: e.INGEST_MAX_CLOCK_SKEW_SECONDS * 1000,
      ratePerMinute: e.INGEST_RATE_PER_MINUTE,
      tokenGraceSeconds: e.AGENT_TOKEN_GRACE_SECONDS,
      keepSupersededPayloads: e.SNAPSHOT_KEEP_SUPERSEDED_PAYLOADS,
    },
    webhooks: {
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
      dnsServers: e.WEBHOOK_DNS_SERVERS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000,
      flapWindowMs: e.WEBHOOK_FLAP_WINDOW_MINUTES * 60_000,
      secretGraceMs: e.WEBHOOK_SECRET_GRACE_HOURS * 3_600_000,
    },
    retention: {
      payloads: e.SNAPSHOT_RETENTION_DAYS,
      history: e.HISTORY_RETENTION_DAYS,
      alerts: e.ALERT_RETENTION_DAYS,
      historyBounds: { min: e.HISTORY_RETENTION_MIN_DAYS, max: e.HISTORY_RETENTION_MAX_DAYS },
    },
    evaluation: { stateCacheEntries: e.EVALUATION_STATE_CACHE_ENTRIES, carryEntries: e.EVALUATION_CARRY_ENTRIES },
    worker: { evaluateConcurrency: e.WORKER_EVALUATE_CONCURRENCY, deliverConcurrency: e.WORKER_DELIVER_CONCURRENCY },
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    monitorIntervalMs: e.MONITOR_INTERVAL_MS,
    audit: { refusalsWindowMs: e.AUDIT_REFUSALS_WINDOW_MS },
    purge: {
      intervalMs: e.PURGE_INTERVAL_MS,
      batchRows: e.PURGE_BATCH_ROWS,
      leaseMs: e.PURGE_LEASE_SECONDS * 1000,
      keepFinishedMs: e.PURGE_KEEP_FINISHED_DAYS * 86_400_000,
    },
    agent: {
      publicApiUrl: e.PUBLIC_API_URL,
      allowHttp: e.PUBLIC_API_ALLOW_HTTP,
      image: e.AGENT_IMAGE,
      caFile: e.AGENT_CA_FILE,
    },
    console: { dir: e.CONSOLE_DIR ?? path.resolve(__dirname, '../../../web/dist') },
    identity: {
      consoleUrl: e.PUBLIC_CONSOLE_URL ?? e.PUBLIC_API_URL,
      sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
      sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      maxFailures: e.SIGN_IN_MAX_FAILURES,
      lockoutMs: e.SIGN_IN_LOCKOUT_MINUTES * 60_000,
      attemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
      invitationTtlMs: e.INVITATION_TTL_HOURS * 3_600_000,
      passwordResetTtlMs: e.PASSWORD_RESET_TTL_MINUTES * 60_000,
      selfServiceSignup: e.SELF_SERVICE_SIGNUP,
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      oidcAllowedHosts: e.OIDC_ALLOWED_HOSTS,
      oidcAllowHttp: e.OIDC_ALLOW_HTTP,
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
