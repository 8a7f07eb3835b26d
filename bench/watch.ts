/**
 * npm run bench:watch [-- --changes N --churn N] — the agent in watch mode against the system of
 * record, end to end (issue 23).
 *
 * Method: the built API and worker as separate processes on the harness's PostgreSQL and Redis
 * (startStack); a fake Kubernetes API server in this process serving a synthetic cluster of 5,000
 * workloads and 20,000 pods with list and watch; the built agent binary in its default (watch)
 * mode with the Node settings of its Deployment (NODE_OPTIONS, MALLOC_ARENA_MAX) and its default debounce (1 s); a webhook receiver
 * in this process that verifies each Standard Webhooks signature.
 *
 * - Latency: N times (20), one Deployment is changed so that a finding opens (`kubectl apply` of
 *   its container turning privileged): from the moment the fake API server emits the watch event
 *   to the moment the signed webhook for that evaluation arrives.
 * - Delta payload: the gzip body of each of those pushes (one changed Deployment), from the
 *   agent's own log line.
 * - Agent peak RSS: the agent's VmHWM from /proc after `--churn` (1,000) further changes of
 *   Deployments (image rollouts, ten at a time) are pushed and evaluated.
 * - CPU: API + worker CPU time (/proc utime + stime) per change of the latency runs, against the
 *   same for a full snapshot of a second cluster with 1% of its workloads changed, POSTed as the
 *   interval-mode agent would send it and waited for until evaluated.
 */
import { startStack } from '@kubeward/harness';
import { FakeKube } from '@kubeward/fake-kube';
import { churn, generateCluster } from '@kubeward/synthetic';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { deployedRuntimeEnv } from './deployed';
import { agentBody, graphql } from './http';
import { cpuMs, procBytes } from './proc';
import { RECEIVER_STACK_ENV, SignedReceiver } from './receiver';
import { quantile, report } from './report';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.resolve(__dirname, '../..');
const AGENT = path.join(ROOT, 'apps/agent/dist/bundle/agent.cjs');
const WORKLOADS = 5_000;
const fmt = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(0)} ms`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 300_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The Deployment with its containers' privilege set as asked. */
function withPrivilege(d: Obj, privileged: boolean): Obj {
  const next = structuredClone(d);
  for (const c of next.spec.template.spec.containers as Obj[]) c.securityContext = { ...c.securityContext, privileged };
  return next;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { changes: { type: 'string' }, churn: { type: 'string' } } });
  const changes = Number(values.changes ?? 20);
  const churnChanges = Number(values.churn ?? 1000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-watch-'));
  const logFile = path.join(dir, 'stack.log');
  const stack = await startStack({
    root: ROOT,
    logs: createWriteStream(logFile),
    env: RECEIVER_STACK_ENV,
  });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2 });
  const kube = new FakeKube();
  const receiver = new SignedReceiver();
  let agentOut = '';
  try {
    const { createOrganization } = await graphql<{ createOrganization: { ownerApiKey: string } }>(
      stack.apiUrl,
      stack.env.OPERATOR_TOKEN!,
      'mutation { createOrganization(name: "Bench") { ownerApiKey } }',
    );
    const key = createOrganization.ownerApiKey;
    const register = async (name: string) =>
      (
        await graphql<{ registerCluster: { cluster: { id: string }; agentToken: string } }>(
          stack.apiUrl,
          key,
          'mutation ($n: String!) { registerCluster(name: $n) { cluster { id } agentToken } }',
          { n: name },
        )
      ).registerCluster;
    const watched = await register('watched');
    const { createWebhookEndpoint } = await graphql<{ createWebhookEndpoint: { secret: string } }>(
      stack.apiUrl,
      key,
      'mutation ($url: String!) { createWebhookEndpoint(input: { url: $url, description: "bench" }) { secret } }',
      { url: await receiver.start() },
    );
    receiver.secret = createWebhookEndpoint.secret;

    const manifests = generateCluster({ workloads: WORKLOADS, pods: 20_000, rbacObjects: 2000 }) as Obj[];
    kube.load(manifests);
    await kube.start();
    writeFileSync(path.join(dir, 'kubeconfig'), kube.kubeconfig());
    writeFileSync(path.join(dir, 'token'), watched.agentToken);
    const agent = spawn(process.execPath, [AGENT], {
      env: {
        PATH: process.env.PATH,
        KUBECONFIG: path.join(dir, 'kubeconfig'),
        KUBEWARD_API_URL: stack.apiUrl,
        KUBEWARD_ALLOW_HTTP: 'true',
        KUBEWARD_TOKEN_FILE: path.join(dir, 'token'),
        KUBEWARD_HEALTH_PORT: '0',
        ...deployedRuntimeEnv(),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    agent.stdout.on('data', (d: Buffer) => (agentOut += d.toString()));
    const logLines = () =>
      agentOut
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const evaluations = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Snapshot" WHERE "clusterId" = $1 AND status = 'EVALUATED'`,
          [watched.cluster.id],
        )
      ).rows[0]!.n;
    const started = performance.now();
    await until('the first evaluation', async () => ((await evaluations()) >= 1 ? true : undefined));
    console.log(`first list, push and evaluation: ${fmt(performance.now() - started)}`);
    const afterFirstList = procBytes(agent.pid!, 'VmHWM');

    // Latency: one Deployment changed at a time, each waited for until its signed webhook.
    const deployments = manifests.filter((o) => o.kind === 'Deployment');
    // Each change turns another Deployment privileged: a finding opens, and every change alerts.
    const calm = deployments.filter((d) =>
      (d.spec.template.spec.containers as Obj[]).every((c) => !c.securityContext?.privileged),
    );
    const latencies: number[] = [];
    const deltaBytes: number[] = [];
    const cpu: number[] = [];
    const pids = [stack.api.pid!, ...stack.workers.map((w) => w.pid!)];
    const cpuNow = () => pids.reduce((n, pid) => n + cpuMs(pid), 0);
    // The API's share, to say where a change's cost goes.
    const apiCpu: number[] = [];
    const apiFullCpu: number[] = [];
    for (let i = 0; i < changes; i++) {
      const target = calm[i % calm.length]!;
      const arrived = receiver.arrivals.length;
      const pushed = logLines().filter((l) => l.msg === 'changes pushed').length;
      const cpuBefore = cpuNow();
      const apiBefore = cpuMs(stack.api.pid!);
      const t0 = performance.now();
      kube.apply([withPrivilege(target, true)]);
      const at = await until('the webhook', () => receiver.arrivals[arrived]);
      latencies.push(at - t0);
      const line = await until('the push log line', () => logLines().filter((l) => l.msg === 'changes pushed')[pushed]);
      deltaBytes.push(Number(line.bytes));
      // Everything the change cost, the delivery's bookkeeping included.
      await until('quiet', async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM "WebhookEvent" WHERE "dispatchedAt" IS NULL)::int
                + (SELECT count(*) FROM "WebhookDelivery" WHERE status <> 'SUCCEEDED')::int AS n`,
        );
        return rows[0]!.n === 0 ? true : undefined;
      });
      cpu.push(cpuNow() - cpuBefore);
      apiCpu.push(cpuMs(stack.api.pid!) - apiBefore);
      console.log(
        `change ${i + 1}: webhook after ${fmt(at - t0)}, delta ${line.bytes} B gzip, API+worker CPU ${cpu.at(-1)} ms`,
      );
    }

    // The same cluster as the interval-mode agent sends it: a full snapshot with 1% changed.
    const full = await register('full');
    const post = async (body: { gzip: Buffer; contentHash: string; id: string }) => {
      const res = await fetch(`${stack.apiUrl}/v1/snapshots`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${full.agentToken}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-kubeward-content-hash': body.contentHash,
        },
        body: body.gzip,
      });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      await until('its evaluation', async () => {
        const { rows } = await db.query(`SELECT status FROM "Snapshot" WHERE "externalId" = $1`, [body.id]);
        return rows[0]?.status === 'EVALUATED' ? true : undefined;
      });
    };
    const copy = structuredClone(manifests);
    let minute = 0;
    const stamp = () => new Date(Date.now() - 3_600_000 + ++minute * 1000).toISOString();
    await post(agentBody(copy, stamp()));
    const fullCpu: number[] = [];
    for (let r = 1; r <= 3; r++) {
      churn(copy, r);
      const body = agentBody(copy, stamp());
      const before = cpuNow();
      const apiBefore = cpuMs(stack.api.pid!);
      await post(body);
      fullCpu.push(cpuNow() - before);
      apiFullCpu.push(cpuMs(stack.api.pid!) - apiBefore);
    }

    // Churn: rollouts of many Deployments, ten per apply, as a busy cluster makes them.
    const evaluatedBefore = await evaluations();
    for (let i = 0; i < churnChanges; i += 10) {
      const batch = deployments.slice(i % deployments.length, (i % deployments.length) + 10).map((d, j) => {
        const next = structuredClone(d);
        next.spec.template.spec.containers[0].image = `registry.acme.internal/churn:${i + j}`;
        return next;
      });
      kube.apply(batch);
      await sleep(20);
    }
    // --churn 0 (profiling the latency runs only) has nothing to wait for.
    if (churnChanges > 0)
      await until('the churn evaluated', async () => {
        const line = logLines()
          .filter((l) => l.msg === 'changes pushed')
          .at(-1);
        return line && (await evaluations()) > evaluatedBefore ? true : undefined;
      });
    await sleep(3000);
    const peak = procBytes(agent.pid!, 'VmHWM');
    const pushes = logLines().filter((l) => l.msg === 'changes pushed').length - changes;

    agent.kill('SIGTERM');
    await new Promise((resolve) => agent.once('exit', resolve));

    const p50 = quantile(latencies, 0.5);
    const p95 = quantile(latencies, 0.95);
    const bytes = quantile(deltaBytes, 0.5);
    // MB as the target states it (10^6 bytes; /proc counts KiB).
    const rssMb = Math.round(peak / 1e6);
    const perDelta = quantile(cpu, 0.5);
    const perFull = quantile(fullCpu, 0.5);
    console.log(`\nMachine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}`);
    console.log(`Cluster: ${WORKLOADS} workloads, ${kube.counts().Pod} pods`);
    console.log(`watch event → signed webhook: p50 ${fmt(p50)}, p95 ${fmt(p95)} (targets ≤ 3 s / ≤ 10 s)`);
    console.log(`delta for one changed Deployment: ${bytes} B gzip (target ≤ 5 KB)`);
    console.log(
      `agent peak RSS: ${Math.round(afterFirstList / 1e6)} MB after the first list, ${rssMb} MB after ${churnChanges} more changes in ${pushes} pushes (target ≤ 150 MB)`,
    );
    console.log(`API + worker CPU: ${perDelta} ms per delta, ${perFull} ms per full 1%-changed snapshot (median)`);
    console.log(
      `  of which the API: ${quantile(apiCpu, 0.5)} ms per delta, ${quantile(apiFullCpu, 0.5)} ms per full snapshot (median)`,
    );
    // The worker's own time for each evaluation (wall, as it records it), without the rest of the change.
    const durations = async (clusterId: string, from: number, count: number) =>
      (
        await db.query<{ ms: number }>(
          `SELECT "durationMs" AS ms FROM "Evaluation" WHERE "clusterId" = $1 ORDER BY "collectedAt" OFFSET $2 LIMIT $3`,
          [clusterId, from, count],
        )
      ).rows.map((r) => r.ms);
    const evalDelta = quantile(await durations(watched.cluster.id, 1, changes), 0.5);
    const evalFull = quantile(await durations(full.cluster.id, 1, 3), 0.5);
    console.log(
      `  the worker's evaluation (Evaluation.durationMs): ${evalDelta} ms per delta, ${evalFull} ms per full snapshot (median)`,
    );
    if (receiver.unverified) throw new Error(`${receiver.unverified} webhooks failed verification`);
    const figure = (name: string, target: string, measured: string, pass: boolean | null) =>
      report({ bench: 'watch', figure: `watch, 5,000 workloads: ${name}`, target, measured, pass });
    figure('watch event → signed webhook, p50', '≤ 3 s', fmt(p50), p50 <= 3000);
    figure('watch event → signed webhook, p95', '≤ 10 s', fmt(p95), p95 <= 10_000);
    figure('delta for one changed Deployment (gzip)', '≤ 5 KB', `${(bytes / 1024).toFixed(1)} KB`, bytes <= 5 * 1024);
    figure(`agent peak RSS after ${churnChanges} changes`, '≤ 150 MB', `${rssMb} MB`, rssMb <= 150);
    figure(
      'API + worker CPU per delta / per full 1%-changed snapshot',
      'reported',
      `${perDelta} ms / ${perFull} ms`,
      null,
    );
  } catch (err) {
    console.error(`agent output (tail):\n${agentOut.slice(-4000)}`);
    throw err;
  } finally {
    await receiver.stop();
    await kube.stop();
    await db.end();
    await stack.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
