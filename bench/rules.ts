/**
 * npm run bench:rules — the engine's time on synthetic clusters of 1,000 / 5,000 / 20,000
 * workloads, beside JSON.parse of the same snapshot serialised.
 *
 * Method: each size is measured in fresh processes (so one size's heap does not tax the next),
 * three of them; in each, JSON.parse and evaluate() are timed as the median of several runs after
 * a warm-up; the figure reported is the median over the processes. Before every timed run the
 * heap is settled (untimed minor GCs that promote the input to the old generation): otherwise the
 * copying of the untimed JSON.parse that made evaluate()'s input lands inside evaluate()'s time,
 * while the timed parse never pays for it (its output dies at once). The engine is measured from
 * a settled input, as is the parse; evaluate() on an unsettled input (what a worker that has just
 * parsed sees) is reported beside, for information. Target (issue 3): evaluate(5k) ≤ parse(5k).
 * evaluate(20k) / evaluate(5k) is context only since issue 15 retired its 4.5 target (the engine is
 * linear; what grows is the runtime's cost of keeping 200,000 findings alive). For context, 10,000
 * and 40,000 are measured too, in one process each: time per workload across sizes says whether
 * growth is a path that gets worse with size or a step the machine takes once.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { evaluate } from '@kubeward/rules';
import { buildSnapshot } from '@kubeward/snapshot';
import { generateCluster } from '@kubeward/synthetic';
import { report } from './report';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Exposed by --expose-gc, which benchRules passes to the measuring processes.
const minorGc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc;

/** Median time of `fn` over `runs` runs after a warm-up; `setup` runs before each, untimed. */
function time<T>(setup: () => T, fn: (input: T) => unknown, runs: number, settle = true): number {
  fn(setup());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = setup();
    if (settle) {
      // Two scavenges: the first moves the young survivors, the second promotes them.
      minorGc?.({ type: 'minor' });
      minorGc?.({ type: 'minor' });
    }
    const t = performance.now();
    fn(input);
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
  /** evaluate() straight after the parse that made its input (not a target). */
  unsettledMs: number;
}

/** One size, measured in this process. */
export function measure(workloads: number): RulesBenchRow {
  const { snapshot } = buildSnapshot(generateCluster({ workloads }), {
    snapshotId: `bench-${workloads}`,
    collectedAt: '2026-11-27T00:00:00Z',
    agentVersion: 'bench',
  });
  const json = JSON.stringify(snapshot);
  const runs = workloads >= 40000 ? 5 : workloads >= 20000 ? 7 : 15;
  const parseMs = time(
    () => json,
    (text) => JSON.parse(text),
    runs,
  );
  // A fresh copy for every run, made untimed: the engine caches per snapshot, and in production
  // each snapshot is evaluated once, so re-evaluating one object would flatter it.
  let findings = 0;
  const evaluateMs = time(
    () => JSON.parse(json) as typeof snapshot,
    (copy) => {
      findings = evaluate(copy, { now: '2026-11-27T00:00:00Z' }).findings.length;
    },
    runs,
  );
  const unsettledMs = time(
    () => JSON.parse(json) as typeof snapshot,
    (copy) => evaluate(copy, { now: '2026-11-27T00:00:00Z' }),
    runs,
    false,
  );
  return { workloads, snapshotBytes: json.length, findings, parseMs, evaluateMs, unsettledMs };
}

/** The sizes the targets name, and sizes measured for context only (fewer runs). */
const JUDGED = [1000, 5000, 20000];
const CONTEXT = [10000, 40000];

/** Every size, each as the median of `processes` fresh processes (one for context sizes). */
export function benchRules(sizes = [...JUDGED, ...CONTEXT].sort((a, b) => a - b), processes = 3): RulesBenchRow[] {
  return sizes.map((workloads) => {
    const rows: RulesBenchRow[] = [];
    for (let i = 0; i < (CONTEXT.includes(workloads) ? 1 : processes); i++) {
      const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--measure', String(workloads)], {
        encoding: 'utf8',
      });
      rows.push(JSON.parse(out) as RulesBenchRow);
    }
    return {
      ...rows[0]!,
      parseMs: median(rows.map((r) => r.parseMs)),
      evaluateMs: median(rows.map((r) => r.evaluateMs)),
      unsettledMs: median(rows.map((r) => r.unsettledMs)),
    };
  });
}

export interface Verdict {
  figure: string;
  target: string;
  measured: string;
  /** Null for a figure reported for context, without a target. */
  pass: boolean | null;
}

export function verdicts(rows: RulesBenchRow[]): Verdict[] {
  const at = (n: number) => rows.find((r) => r.workloads === n)!;
  const ratio = at(5000).evaluateMs / at(5000).parseMs;
  const growth = at(20000).evaluateMs / at(5000).evaluateMs;
  const out: Verdict[] = [
    { figure: 'evaluate(5k) / JSON.parse(5k)', target: '≤ 1.0', measured: ratio.toFixed(2), pass: ratio <= 1 },
    {
      figure: 'evaluate(20k) / evaluate(5k) (context; target retired)',
      target: '—',
      measured: growth.toFixed(2),
      pass: null,
    },
  ];
  if (rows.some((r) => r.workloads === 40000)) {
    const perWorkload = (n: number) => `${((at(n).evaluateMs * 1000) / n).toFixed(1)}`;
    out.push({
      figure: 'evaluate per workload at 5k / 10k / 20k / 40k (µs; context)',
      target: '—',
      measured: [5000, 10000, 20000, 40000].map(perWorkload).join(' / '),
      pass: null,
    });
  }
  return out;
}

if (require.main === module) {
  const measureAt = process.argv.indexOf('--measure');
  if (measureAt >= 0) {
    process.stdout.write(JSON.stringify(measure(Number(process.argv[measureAt + 1]))));
  } else {
    const rows = benchRules();
    console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}\n`);
    console.log(
      '| workloads | snapshot | findings | JSON.parse | evaluate | evaluate / parse | evaluate, unsettled input |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.workloads} | ${(r.snapshotBytes / 1e6).toFixed(1)} MB | ${r.findings} | ${r.parseMs.toFixed(0)} ms | ${r.evaluateMs.toFixed(0)} ms | ${(r.evaluateMs / r.parseMs).toFixed(2)} | ${r.unsettledMs.toFixed(0)} ms |`,
      );
    }
    console.log('');
    for (const v of verdicts(rows)) {
      console.log(
        `${v.figure} = ${v.measured}${v.pass === null ? '' : ` (target ${v.target}): ${v.pass ? 'pass' : 'FAIL'}`}`,
      );
      report({ bench: 'rules', ...v });
    }
    // Context for the scaling figure: the same growth for work that is linear by construction.
    const at = (n: number) => rows.find((r) => r.workloads === n)!;
    console.log(`for context, JSON.parse(20k) / JSON.parse(5k) = ${(at(20000).parseMs / at(5000).parseMs).toFixed(2)}`);
  }
}
