import { appendFileSync } from 'node:fs';

/** One benchmark figure against its target (pass is null when the figure has no target). */
export interface Figure {
  bench: string;
  figure: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

/**
 * Records a figure for `npm run bench`'s summary: appended as a JSON line to the file named by
 * BENCH_REPORT (set by bench/all.ts); a no-op when a benchmark runs on its own.
 */
export function report(figure: Figure): void {
  const file = process.env.BENCH_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** The q-quantile of some timings (nearest rank, lower): the median at 0.5, p95 at 0.95. */
export const quantile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
