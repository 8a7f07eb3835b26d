/**
 * npm run bench:hostile [-- --steps memory] — the API under hostile load (issue 14).
 *
 * memory: 16 agents push distinct ~31 MB snapshots (gzipped, the largest INGEST_MAX_BYTES takes)
 * all at once, each retrying after a 503's Retry-After until it gets 202, like the real agent.
 * Measured: the API process's peak resident set (VmHWM from /proc, read after the run) and that
 * all 16 were taken. Built API as its own process on the harness's PostgreSQL and Redis, no worker
 * (evaluating sixteen 25,000-workload clusters is not what is measured), default limits.
 */
import { freePort, startStack, type Stack } from '@kubeward/harness';
import { generateCluster } from '@kubeward/synthetic';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { agentBody, graphql } from './http';
import { report } from './report';

const ROOT = path.resolve(__dirname, '../..');
const MiB = 1024 * 1024;

/** A /proc/<pid>/status field in bytes (VmRSS, VmHWM). */
function procBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.match(/(\d+) kB/)?.[1] ?? NaN) * 1024;
}

async function organisationWithClusters(stack: Stack, name: string, clusters: number) {
  const { createOrganization } = await graphql<{ createOrganization: { ownerApiKey: string } }>(
    stack.apiUrl,
    stack.env.OPERATOR_TOKEN!,
    'mutation ($name: String!) { createOrganization(name: $name) { ownerApiKey } }',
    { name },
  );
  const key = createOrganization.ownerApiKey;
  const tokens: string[] = [];
  for (let i = 0; i < clusters; i++) {
    const { registerCluster } = await graphql<{ registerCluster: { agentToken: string } }>(
      stack.apiUrl,
      key,
      'mutation ($name: String!) { registerCluster(name: $name) { agentToken } }',
      { name: `${name}-${i}` },
    );
    tokens.push(registerCluster.agentToken);
  }
  return { key, tokens };
}

/**
 * Pushes until 202, like the agent: waits as long as a 503/429's Retry-After says, and retries a
 * connection the API closed mid-upload (it closes instead of reading a refused body) after 1 s.
 */
async function pushUntilTaken(url: string, token: string, body: { gzip: Buffer; contentHash: string }) {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 200) throw new Error('push never taken');
    let res: Response;
    try {
      res = await fetch(`${url}/v1/snapshots`, {
        method: 'POST',
        body: body.gzip,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-kubeward-content-hash': body.contentHash,
        },
      });
      await res.arrayBuffer();
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    if (res.status === 202) return attempt;
    if (res.status !== 503 && res.status !== 429) throw new Error(`push answered ${res.status}`);
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

async function memory(): Promise<void> {
  const AGENTS = 16;
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-')), 'processes.log');
  console.log(`memory: building ${AGENTS} distinct snapshots of ~31 MB… (API log: ${logFile})`);
  // ~1.25 KB of JSON per synthetic workload: 25,000 workloads is just under the 32 MB limit.
  const bodies = Array.from({ length: AGENTS }, (_, i) =>
    agentBody(generateCluster({ workloads: 24_000, seed: 100 + i }), new Date().toISOString()),
  );
  const metricsPort = await freePort();
  const stack = await startStack({
    root: ROOT,
    workers: 0,
    logs: createWriteStream(logFile),
    env: {
      LOG_LEVEL: 'warn',
      METRICS_PORT: String(metricsPort),
      ...(process.env.BENCH_BUDGET ? { INGEST_MEMORY_BUDGET_BYTES: process.env.BENCH_BUDGET } : {}),
    },
  });
  try {
    const { tokens } = await organisationWithClusters(stack, 'memory', AGENTS);
    const pid = stack.api.pid!;
    const before = procBytes(pid, 'VmRSS');
    const started = Date.now();
    // Where the memory is, sampled from the API's own metrics while the pushes run.
    const highest = { heap: 0, external: 0 };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text().catch(() => '');
        const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1] ?? 0);
        highest.heap = Math.max(highest.heap, value('kubeward_nodejs_heap_size_used_bytes'));
        highest.external = Math.max(highest.external, value('kubeward_nodejs_external_memory_bytes'));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const attempts = await Promise.all(bodies.map((b, i) => pushUntilTaken(stack.apiUrl, tokens[i]!, b)));
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    const peak = procBytes(pid, 'VmHWM');
    const sizes = bodies.map((b) => gunzipSync(b.gzip).length);
    console.log(
      `memory: ${AGENTS} snapshots (${(Math.min(...sizes) / MiB).toFixed(1)}–${(Math.max(...sizes) / MiB).toFixed(1)} MB each) taken in ${seconds.toFixed(1)} s, ` +
        `${attempts.reduce((a, b) => a + b, 0) - AGENTS} retries (503 or closed); API RSS ${(before / MiB).toFixed(0)} MB before, peak ${(peak / MiB).toFixed(0)} MB ` +
        `(sampled highs: V8 heap used ${(highest.heap / MiB).toFixed(0)} MB, external ${(highest.external / MiB).toFixed(0)} MB)`,
    );
    report({
      bench: 'hostile',
      figure: `ingest: peak API RSS, ${AGENTS} concurrent 32 MB snapshots`,
      target: '< 600 MB, all taken',
      measured: `${(peak / MiB).toFixed(0)} MB, ${AGENTS}/${AGENTS} taken in ${seconds.toFixed(0)} s`,
      pass: peak < 600 * MiB,
    });
  } finally {
    await stack.stop();
  }
}

const STEPS: Record<string, () => Promise<void>> = { memory };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { steps: { type: 'string', default: Object.keys(STEPS).join(',') } } });
  for (const step of values.steps.split(',')) {
    const run = STEPS[step];
    if (!run) throw new Error(`--steps takes some of: ${Object.keys(STEPS).join(', ')}`);
    await run();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
