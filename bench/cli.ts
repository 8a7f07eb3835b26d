/**
 * npm run bench:cli — the installable CLI (apps/cli/dist/npm, what `npm pack` ships) as CI runs it:
 * a fresh process per run, wall time from spawn to exit, start-up included.
 *
 * Method: a manifest set of 2,000 objects (a synthetic cluster's namespaces, workloads, RBAC,
 * Services and NetworkPolicies, without what only a live cluster holds: nodes and controller-owned
 * Pods or ReplicaSets) is written as YAML, 50 objects to a file, like a repository of manifests.
 * Bare `node -e ''`, `kubeward --version` and `kubeward scan -f <dir> --format json` are run in
 * turn (interleaved, so a noisy moment taxes all three alike), after one untimed warm-up of each;
 * each figure is the median of its runs. The compile cache (Node >= 22.1, enabled by the CLI's
 * launcher) lives in a fresh directory: the first, cold run is reported beside, for information.
 * Targets (issue 21): scan ≤ 2 s, --version ≤ 150 ms, each shown beside bare node.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateCluster } from '@kubeward/synthetic';
import { quantile, report } from './report';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'apps/cli/dist/npm/bin/kubeward.js');
const OBJECTS = 2000;
const PER_FILE = 50;
const RUNS = 15;

type Obj = { kind: string; metadata?: { ownerReferences?: unknown[] } };

/** What a repository of manifests holds: no nodes, nothing a controller created. */
function manifestSet(count: number): Obj[] {
  const objects = (generateCluster({ workloads: Math.ceil(count * 0.55) }) as Obj[]).filter(
    (o) => o.kind !== 'Node' && !o.metadata?.ownerReferences?.length,
  );
  if (objects.length < count) throw new Error(`the synthetic cluster holds ${objects.length} objects, not ${count}`);
  return objects.slice(0, count);
}

function timeRun(args: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string; status: number | null } {
  const t = performance.now();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (child.error) throw child.error;
  return { ms, stdout: child.stdout, status: child.status };
}

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-cli-'));
  try {
    const manifests = path.join(dir, 'k8s');
    mkdirSync(manifests);
    const objects = manifestSet(OBJECTS);
    for (let i = 0; i < objects.length; i += PER_FILE) {
      const docs = objects.slice(i, i + PER_FILE).map((o) => stringify(o));
      writeFileSync(path.join(manifests, `part-${String(i / PER_FILE).padStart(3, '0')}.yaml`), docs.join('---\n'));
    }
    const env = { ...process.env, NODE_COMPILE_CACHE: path.join(dir, 'compile-cache'), NO_COLOR: '1' };
    const scanArgs = [BIN, 'scan', '-f', manifests, '--format', 'json'];

    const cold = { version: timeRun([BIN, '--version'], env).ms, scan: timeRun(scanArgs, env).ms };
    timeRun(['-e', ''], env);
    const samples = { node: [] as number[], version: [] as number[], scan: [] as number[] };
    let findings = 0;
    for (let i = 0; i < RUNS; i++) {
      samples.node.push(timeRun(['-e', ''], env).ms);
      samples.version.push(timeRun([BIN, '--version'], env).ms);
      const scan = timeRun(scanArgs, env);
      // Findings without --fail-on exit 0; anything else means the scan did not run as measured.
      if (scan.status !== 0) throw new Error(`kubeward scan exited with ${scan.status}`);
      findings = (JSON.parse(scan.stdout) as { findings: unknown[] }).findings.length;
      samples.scan.push(scan.ms);
    }
    const node = quantile(samples.node, 0.5);
    const version = quantile(samples.version, 0.5);
    const scan = quantile(samples.scan, 0.5);
    const ms = (x: number) => `${Math.round(x)} ms`;

    console.log(`manifests: ${OBJECTS} objects in ${Math.ceil(OBJECTS / PER_FILE)} files; ${findings} findings`);
    console.log(`node -e ''            median ${ms(node)}`);
    console.log(`kubeward --version    median ${ms(version)} (cold compile cache: ${ms(cold.version)})`);
    console.log(`kubeward scan (2,000) median ${ms(scan)} (cold compile cache: ${ms(cold.scan)})`);

    report({
      bench: 'cli',
      figure: `kubeward scan, 2,000 objects, wall incl. start-up (bare node ${ms(node)})`,
      target: '≤ 2 s',
      measured: `${(scan / 1000).toFixed(2)} s`,
      pass: scan <= 2000,
    });
    report({
      bench: 'cli',
      figure: `kubeward --version, start-up (bare node ${ms(node)})`,
      target: '≤ 150 ms',
      measured: ms(version),
      pass: version <= 150,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
