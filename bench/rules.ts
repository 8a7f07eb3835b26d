/**
 * npm run bench:rules — the engine's time on synthetic clusters of 1,000 / 5,000 / 20,000
 * workloads, beside JSON.parse of the same snapshot serialised. Medians of several runs after a
 * warm-up, in one process, with garbage collected between runs. Targets (issue 3): evaluate(5k) ≤ parse(5k); evaluate(20k) ≤ 4.5 × evaluate(5k).
 */
import { evaluate } from '@kubeward/rules';
import { buildSnapshot } from '@kubeward/snapshot';
import { generateCluster } from '@kubeward/synthetic';
import os from 'node:os';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Collects garbage between runs (node --expose-gc) so one run does not pay for the last one's. */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function time(fn: () => unknown, runs: number): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

export interface RulesBenchRow {
  workloads: number;
  snapshotBytes: number;
  findings: number;
  parseMs: number;
  evaluateMs: number;
}

export function benchRules(sizes = [1000, 5000, 20000]): RulesBenchRow[] {
  return sizes.map((workloads) => {
    const { snapshot } = buildSnapshot(generateCluster({ workloads }), {
      snapshotId: `bench-${workloads}`,
      collectedAt: '2026-11-27T00:00:00Z',
      agentVersion: 'bench',
    });
    const json = JSON.stringify(snapshot);
    const runs = workloads >= 20000 ? 7 : 15;
    const parseMs = time(() => JSON.parse(json), runs);
    let findings = 0;
    const evaluateMs = time(() => {
      findings = evaluate(snapshot, { now: '2026-11-27T00:00:00Z' }).findings.length;
    }, runs);
    return { workloads, snapshotBytes: json.length, findings, parseMs, evaluateMs };
  });
}

if (require.main === module) {
  const rows = benchRules();
  const at = (n: number) => rows.find((r) => r.workloads === n)!;
  const ratio = at(5000).evaluateMs / at(5000).parseMs;
  const growth = at(20000).evaluateMs / at(5000).evaluateMs;
  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}\n`);
  console.log('| workloads | snapshot | findings | JSON.parse | evaluate | evaluate / parse |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.workloads} | ${(r.snapshotBytes / 1e6).toFixed(1)} MB | ${r.findings} | ${r.parseMs.toFixed(0)} ms | ${r.evaluateMs.toFixed(0)} ms | ${(r.evaluateMs / r.parseMs).toFixed(2)} |`,
    );
  }
  console.log(`\nevaluate(5k) / parse(5k) = ${ratio.toFixed(2)} (target ≤ 1.0): ${ratio <= 1 ? 'pass' : 'FAIL'}`);
  console.log(`evaluate(20k) / evaluate(5k) = ${growth.toFixed(2)} (target ≤ 4.5): ${growth <= 4.5 ? 'pass' : 'FAIL'}`);
}
