import { churn, generateCluster } from '@kubeward/synthetic';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '@kubeward/harness';
import type pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { createTestContext, eventually, spawnApi, spawnWorker, type TestContext } from './support/context';
import { clientFor } from './support/graphql';
import { WebhookReceiver } from './support/receiver';
import { historyOf, post, snapshotOf } from './support/snapshots';

/**
 * Kubeward as it is deployed: several API and worker replicas on one PostgreSQL and one Redis,
 * replicas dying without warning while agents push. Whatever the replicas and the crashes, the
 * outcome must be the one a single process gives.
 */

const CLUSTERS = 50;
const ORGANIZATIONS = 5;
const ROUNDS = 4;
/** The fast periodic tasks' interval; the others run hourly. */
const INTERVAL = 1_000;
const FAST_TASKS = ['alert monitoring', 'outbox reconciliation', 'purge of deleted clusters and organisations'];
const HOURLY_TASKS = ['partition upkeep', 'resolved findings retention'];
const DELIVER_CONCURRENCY = 20;

const ENV = {
  // A dead worker's jobs are taken over within seconds, not the production 20 s.
  QUEUE_LOCK_DURATION_MS: '1500',
  RECONCILE_INTERVAL_MS: String(INTERVAL),
  MONITOR_INTERVAL_MS: String(INTERVAL),
  PURGE_INTERVAL_MS: String(INTERVAL),
  METRICS_REFRESH_MS: '500',
  WEBHOOK_RETRY_BASE_MS: '100',
  WORKER_DELIVER_CONCURRENCY: String(DELIVER_CONCURRENCY),
};

type Snapshot = ReturnType<typeof snapshotOf>;

/** Each cluster's snapshots, a living cluster's changes apart (findings open and resolve, objects change). */
function plan(): Snapshot[][] {
  const start = Date.now() - ROUNDS * 60_000;
  return Array.from({ length: CLUSTERS }, (_, c) => {
    const objects = generateCluster({ workloads: 30, seed: 100 + c });
    return Array.from({ length: ROUNDS }, (_, round) => {
      if (round > 0) churn(objects, round, { rate: 0.2 });
      return snapshotOf(structuredClone(objects), new Date(start + round * 60_000).toISOString());
    });
  });
}

interface Tenancy {
  clusters: { name: string; id: string; token: string }[];
  receivers: WebhookReceiver[];
  secrets: Map<WebhookReceiver, string>;
}

/** The organisations, each with a webhook endpoint on a receiver of its own, and their clusters. */
async function tenancy(ctx: TestContext, apiUrl: string): Promise<Tenancy> {
  const t: Tenancy = { clusters: [], receivers: [], secrets: new Map() };
  for (let o = 0; o < ORGANIZATIONS; o++) {
    const { organizationId, ownerKey } = await ctx.newOrg(`org-${o}`);
    const receiver = new WebhookReceiver();
    await receiver.start();
    const { createWebhookEndpoint } = await clientFor(apiUrl, ownerKey).request<{
      createWebhookEndpoint: { secret: string };
    }>(
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }`,
      { input: { url: receiver.url } },
    );
    t.receivers.push(receiver);
    t.secrets.set(receiver, createWebhookEndpoint.secret);
    for (let c = o; c < CLUSTERS; c += ORGANIZATIONS) {
      const { clusterId, agentToken } = await ctx.newCluster(organizationId, `cluster-${c}`);
      t.clusters[c] = { name: `cluster-${c}`, id: clusterId, token: agentToken };
    }
  }
  return t;
}

/**
 * Tells each waiting pusher when its snapshot is evaluated, from one query for all of them (fifty
 * pollers would be a thousand queries a second on a two-core machine).
 */
class Settlements {
  private readonly waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private timer?: NodeJS.Timeout;
  settled = 0;

  constructor(private readonly sql: pg.Pool) {}

  wait(externalId: string): Promise<void> {
    this.timer ??= setInterval(() => void this.poll(), 100);
    return new Promise((resolve, reject) => this.waiting.set(externalId, { resolve, reject }));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.waiting.size === 0) return;
    const { rows } = await this.sql
      .query<{ externalId: string; status: string; reason: string | null }>(
        `SELECT "externalId", status, "failureReason" AS reason FROM "Snapshot"
         WHERE "externalId" = ANY($1) AND status IN ('EVALUATED', 'STALE', 'FAILED')`,
        [[...this.waiting.keys()]],
      )
      .catch(() => ({ rows: [] }));
    for (const row of rows) {
      const waiter = this.waiting.get(row.externalId);
      if (!waiter) continue;
      this.waiting.delete(row.externalId);
      this.settled++;
      if (row.status === 'EVALUATED') waiter.resolve();
      else waiter.reject(new Error(`snapshot ${row.externalId} ended ${row.status}: ${row.reason}`));
    }
  }
}

/**
 * Every cluster's agent pushing its snapshots in turn (the next once the last is evaluated, as
 * five minutes apart would), all clusters at once, through a load balancer that sends each request
 * to the next API in turn and, when one cannot answer, to the next.
 */
async function pushAll(
  apis: string[],
  tenants: Tenancy,
  snapshots: Snapshot[][],
  settlements: Settlements,
): Promise<{ failovers: number }> {
  let next = 0;
  let failovers = 0;
  const push = async (token: string, snapshot: Snapshot) => {
    for (let tries = 0; tries < 50; tries++) {
      const url = apis[next++ % apis.length]!;
      const res = await post(url, token, snapshot).catch((err: Error) => err);
      if (!(res instanceof Error) && res.status === 202) return;
      // A dead API (refused, reset) or one shedding load (503): the agent comes back, elsewhere.
      if (res instanceof Error || res.status === 503) {
        failovers++;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      throw new Error(`a push was refused: ${res.status} ${res.text}`);
    }
    throw new Error('a push failed on every API fifty times');
  };
  await Promise.all(
    tenants.clusters.map(async (cluster, c) => {
      for (const snapshot of snapshots[c]!) {
        await push(cluster.token, snapshot);
        await settlements.wait(snapshot.snapshotId);
      }
    }),
  );
  return { failovers };
}

/** Waits until every alert is fanned out and every delivery has succeeded. */
const deliveriesDone = (sql: pg.Pool) =>
  eventually(
    async () => {
      const { rows } = await sql.query(
        `SELECT (SELECT count(*) FROM "WebhookEvent" WHERE "dispatchedAt" IS NULL)::int
              + (SELECT count(*) FROM "WebhookDelivery" WHERE status <> 'SUCCEEDED')::int AS n`,
      );
      return rows[0].n === 0 ? true : undefined;
    },
    'every webhook delivered',
    120_000,
  );

/**
 * What the receivers got, deduplicated by webhook-id as the Standard Webhooks spec asks receivers
 * to: each message in a form that does not depend on ids or on when it was sent. Every request
 * verifies, and every request carrying one webhook-id carries the same body.
 */
function messagesOf(tenants: Tenancy): { messages: string[]; requests: number; ids: Set<string> } {
  const bodies = new Map<string, string>();
  let requests = 0;
  for (const receiver of tenants.receivers) {
    const hook = new Webhook(tenants.secrets.get(receiver)!);
    for (const r of receiver.received) {
      requests++;
      hook.verify(r.body, r.headers as Record<string, string>);
      const id = r.headers['webhook-id'] as string;
      expect(bodies.get(id) ?? r.body, `the retry of ${id} carries the same body`).toBe(r.body);
      bodies.set(id, r.body);
    }
  }
  const messages = [...bodies.values()].map((body) => {
    const { type, data } = JSON.parse(body) as {
      type: string;
      data: {
        cluster?: { name: string };
        evaluation?: { collectedAt: string; score: number; previousScore: number };
        events?: string[];
        counts?: Record<string, number>;
        findings?: {
          event: string;
          rule: { id: string };
          resource: { kind: string; namespace?: string; name: string };
        }[];
      };
    };
    return JSON.stringify({
      type,
      cluster: data.cluster?.name,
      evaluation: data.evaluation && { ...data.evaluation, id: undefined },
      events: data.events,
      counts: data.counts,
      findings: data.findings
        ?.map((f) => `${f.event} ${f.rule.id} ${f.resource.kind}/${f.resource.namespace}/${f.resource.name}`)
        .sort(),
    });
  });
  return { messages: messages.sort(), requests, ids: new Set(bodies.keys()) };
}

/** The value of a counter series in a Prometheus exposition, 0 when absent. */
const seriesValue = (text: string, series: string): number =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? 0,
  );

const scrape = async (port: number): Promise<string> => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

const runsOf = (text: string, task: string) => seriesValue(text, `kubeward_maintenance_runs_total{task="${task}"}`);

/** The pid of a worker process inside an evaluation's transaction (it holds a cluster's lock), if any. */
async function workerInEvaluation(sql: pg.Pool): Promise<number | undefined> {
  const { rows } = await sql.query<{ name: string }>(
    `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
       AND a.application_name LIKE 'kubeward-worker/%'`,
  );
  const match = rows[0] && /^kubeward-worker\/(\d+)@/.exec(rows[0].name);
  return match ? Number(match[1]) : undefined;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe('several replicas at once', () => {
  it('gives the history and alerts of a single process with two APIs and three workers, one of each killed mid-run', async () => {
    const snapshots = plan();
    const multi = await createTestContext(ENV, { worker: false });
    let single: TestContext | undefined;
    const children: ChildProcess[] = [];
    let tenants: Tenancy[] = [];
    try {
      // --- Two APIs and three workers, as separate processes.
      const started = Date.now();
      const workers = await Promise.all(
        [0, 1, 2].map(async () => {
          const port = await freePort();
          const child = spawnWorker(multi, { METRICS_PORT: String(port) });
          children.push(child);
          await eventually(
            async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok || undefined,
            'a worker up',
            240_000,
          );
          return { process: child, port };
        }),
      );
      const apis = await Promise.all(
        [0, 1].map(async () => {
          const port = await freePort();
          const api = await spawnApi(multi, { METRICS_PORT: String(port) });
          children.push(api.process);
          return { ...api, port };
        }),
      );
      const multiTenants = await tenancy(multi, apis[0]!.url);
      tenants = [multiTenants];
      const settlements = new Settlements(multi.sql);

      // --- Agents push through both APIs; a third of the way in, a worker dies mid-evaluation, then an API.
      const pushing = pushAll(
        apis.map((a) => a.url),
        multiTenants,
        snapshots,
        settlements,
      );
      const total = CLUSTERS * ROUNDS;
      await eventually(async () => (settlements.settled >= total / 3 ? true : undefined), 'a third evaluated', 300_000);
      const victim = await eventually(
        async () => {
          const pid = await workerInEvaluation(multi.sql);
          return workers.find((w) => w.process.pid === pid);
        },
        'a worker inside an evaluation',
        60_000,
      );
      const victimRuns = await scrape(victim.port);
      victim.process.kill('SIGKILL');
      apis[0]!.process.kill('SIGKILL');
      await Promise.all([exited(victim.process), exited(apis[0]!.process)]);
      expect(settlements.settled, 'killed mid-run').toBeLessThan(total);

      const { failovers } = await pushing;
      settlements.stop();
      // The load balancer kept sending to the dead API a while: those pushes went to the other one.
      expect(failovers).toBeGreaterThan(0);
      await deliveriesDone(multi.sql);

      // --- Each periodic task ran once per interval, across the replicas, before and after the kill.
      const survivors = workers.filter((w) => w !== victim).map((w) => w.port);
      await eventually(async () => {
        const texts = await Promise.all(survivors.map(scrape));
        return FAST_TASKS.every((task) => texts.some((t) => runsOf(t, task) > 0)) ? true : undefined;
      }, 'the survivors to take the periodic tasks over');
      const texts = [victimRuns, ...(await Promise.all(survivors.map(scrape)))];
      const elapsed = Date.now() - started;
      for (const task of FAST_TASKS) {
        const runs = texts.reduce((sum, t) => sum + runsOf(t, task), 0);
        // At most one per interval that went by, plus the ones due at each end and the killed
        // worker's run taken over; a timer in each replica would make three times as many.
        expect(runs, task).toBeLessThanOrEqual(Math.floor(elapsed / INTERVAL) + 3);
        expect(runs, task).toBeGreaterThan(0);
      }
      for (const task of HOURLY_TASKS) {
        const runs = texts.reduce((sum, t) => sum + runsOf(t, task), 0);
        // Run at the first worker's start, and not again within the hour however many workers
        // upserted its schedule since.
        expect(runs, task).toBe(1);
      }

      // --- Gauges of shared state: exported by one live process (the killed one's lease lapsed).
      const exporters = async () => {
        const live = [
          ...(await Promise.all([...survivors, apis[1]!.port].map(scrape))),
          (await multi.api.get(MetricsService).scrape()).body,
        ];
        return live.filter((text) => /^kubeward_queue_jobs\{/m.test(text)).length;
      };
      await eventually(async () => ((await exporters()) === 1 ? true : undefined), 'one exporter of shared gauges');

      // --- The same snapshots through one process: one API and one worker in this test's process.
      single = await createTestContext(ENV);
      const singleTenants = await tenancy(single, single.url);
      tenants.push(singleTenants);
      const singleSettlements = new Settlements(single.sql);
      await pushAll([single.url], singleTenants, snapshots, singleSettlements);
      singleSettlements.stop();
      await deliveriesDone(single.sql);

      // --- The same findings, events, evaluations, object states and changes, cluster by cluster.
      for (let c = 0; c < CLUSTERS; c++) {
        expect(await historyOf(multi.sql, multiTenants.clusters[c]!.id), `cluster-${c}`).toEqual(
          await historyOf(single.sql, singleTenants.clusters[c]!.id),
        );
      }
      // --- The same alerts, each delivered once: a request repeated after a crash carries the
      // webhook-id it had, so the receiver keeps one.
      const [m, s] = [messagesOf(multiTenants), messagesOf(singleTenants)];
      expect(m.messages.length).toBeGreaterThan(CLUSTERS);
      expect(m.messages).toEqual(s.messages);
      expect(s.requests).toBe(s.ids.size);
      expect(m.requests - m.ids.size).toBeLessThanOrEqual(DELIVER_CONCURRENCY);
      const { rows } = await multi.sql.query<{ messageId: string }>(`SELECT "messageId" FROM "WebhookDelivery"`);
      expect(new Set(rows.map((r) => r.messageId))).toEqual(m.ids);
    } finally {
      await Promise.all(
        children.map((child) => {
          const done = exited(child);
          child.kill('SIGTERM');
          return done;
        }),
      );
      for (const t of tenants) for (const r of t.receivers) await r.stop();
      await single?.close();
      await multi.close();
    }
  }, 900_000);
});
