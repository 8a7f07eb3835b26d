/**
 * npm run bench:agent — the agent's cost on a large cluster: a fake Kubernetes API serving
 * 5,000 workloads, 20,000 pods and 2,000 RBAC objects, and a local sink for the push.
 *
 * Method: the fake API server and the sink run in this process; the agent is the shipped bundle
 * (`apps/agent/dist/bundle/agent.cjs --once`, as the image runs it) in a child process with the
 * Node settings of its Deployment (apps/agent/deploy), as in a pod, and again with Node's default
 * flags for comparison. Wall time is from spawn to exit (start-up, every list page by page,
 * normalise, serialise, gzip, push); peak RSS is the child's own getrusage maxRSS, which it logs
 * before exiting. Three runs each; the median is reported. Targets (issue 4), as deployed: peak RSS ≤ 150 MB, wall ≤ 10 s.
 */
import { FakeKube } from '@kubeward/fake-kube';
import { generateCluster } from '@kubeward/synthetic';
import { deployedRuntimeEnv } from './deployed';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { report } from './report';

const AGENT = path.join(__dirname, '../../apps/agent/dist/bundle/agent.cjs');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Run {
  wallMs: number;
  peakRssMb: number;
  gzipBytes: number;
  workloads: number;
}

async function sink(): Promise<{ server: http.Server; url: string; last: () => number }> {
  let bytes = 0;
  const server = http.createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => {
      bytes = n;
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"status":"accepted"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, last: () => bytes };
}

async function runAgent(
  kubeconfig: string,
  apiUrl: string,
  tokenFile: string,
  runtime: Record<string, string>,
): Promise<Omit<Run, 'gzipBytes'>> {
  const started = performance.now();
  const child = spawn(process.execPath, [AGENT, '--once'], {
    env: {
      PATH: process.env.PATH,
      KUBECONFIG: kubeconfig,
      KUBEWARD_API_URL: apiUrl,
      KUBEWARD_ALLOW_HTTP: 'true',
      KUBEWARD_TOKEN_FILE: tokenFile,
      ...runtime,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wallMs = performance.now() - started;
  const lines = out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, number | string>);
  const done = lines.find((l) => l.msg === 'done');
  const collected = lines.find((l) => l.msg === 'collected snapshot');
  if (code !== 0 || !done || !collected) throw new Error(`agent failed (exit ${code}):\n${out}`);
  return { wallMs, peakRssMb: Number(done.peakRssMb), workloads: Number(collected.workloads) };
}

async function main(): Promise<void> {
  const manifests = generateCluster({ workloads: 5000, pods: 20_000, rbacObjects: 2000 });
  const kube = new FakeKube();
  kube.load(manifests);
  await kube.start();
  const api = await sink();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-agent-'));
  writeFileSync(path.join(dir, 'kubeconfig'), kube.kubeconfig());
  writeFileSync(path.join(dir, 'token'), 'kwa_bench');
  const counts = kube.counts();
  const deployed = deployedRuntimeEnv();
  const configs = [
    {
      name: `as deployed (${Object.entries(deployed)
        .map(([k, v]) => `${k}="${v}"`)
        .join(' ')})`,
      runtime: deployed,
    },
    { name: 'default Node flags', runtime: {} },
  ];
  const results: Run[][] = [];
  try {
    for (const config of configs) {
      const runs: Run[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await runAgent(path.join(dir, 'kubeconfig'), api.url, path.join(dir, 'token'), config.runtime);
        runs.push({ ...r, gzipBytes: api.last() });
      }
      results.push(runs);
    }
  } finally {
    await kube.stop();
    api.server.close();
  }
  const rbac = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].reduce((n, k) => n + (counts[k] ?? 0), 0);
  const objects = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}`);
  console.log(
    `Cluster: ${results[0]![0]!.workloads} workloads, ${counts.Pod} pods, ${rbac} RBAC objects, ${objects} objects in all\n`,
  );
  console.log('| flags | run | wall | peak RSS | gzip payload |');
  console.log('|---|---:|---:|---:|---:|');
  results.forEach((runs, c) =>
    runs.forEach((r, i) =>
      console.log(
        `| ${configs[c]!.name} | ${i + 1} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.peakRssMb} MB | ${(r.gzipBytes / 1e6).toFixed(2)} MB |`,
      ),
    ),
  );
  console.log('');
  results.forEach((runs, c) => {
    const wall = median(runs.map((r) => r.wallMs));
    const rss = median(runs.map((r) => r.peakRssMb));
    const verdict = (ok: boolean) => (c === 0 ? (ok ? ': pass' : ': FAIL') : '');
    console.log(`${configs[c]!.name}:`);
    console.log(`  peak RSS = ${rss} MB (target ≤ 150 MB)${verdict(rss <= 150)}`);
    console.log(`  wall = ${(wall / 1000).toFixed(2)} s (target ≤ 10 s)${verdict(wall <= 10_000)}`);
    // The targets hold for the agent as deployed (the first configuration).
    if (c === 0) {
      const figure = 'agent, 5,000 workloads:';
      report({
        bench: 'agent',
        figure: `${figure} peak RSS`,
        target: '≤ 150 MB',
        measured: `${rss} MB`,
        pass: rss <= 150,
      });
      report({
        bench: 'agent',
        figure: `${figure} wall time`,
        target: '≤ 10 s',
        measured: `${(wall / 1000).toFixed(2)} s`,
        pass: wall <= 10_000,
      });
    }
  });
  const gzip = median(results[0]!.map((r) => r.gzipBytes)) / 1e6;
  console.log(`gzip payload = ${gzip.toFixed(2)} MB`);
  report({
    bench: 'agent',
    figure: 'agent, 5,000 workloads: gzip payload',
    target: '—',
    measured: `${gzip.toFixed(2)} MB`,
    pass: null,
  });
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
