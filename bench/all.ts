/**
 * npm run bench [-- --json] [-- --only rules,agent,pipeline,ingest,api,load,hostile,history,console,compliance,cli,watch] [-- --evaluations N]
 *
 * Runs every benchmark of issues 3–6, 14, 15, 21 and 23 and the load test, each in its own process (as its own npm
 * script would), collects the figures they report (bench/report.ts) and prints one table: figure,
 * target, measured, pass/fail. A full run also writes that table, with the machine, into
 * docs/benchmarks.md. `--json` prints the same as JSON on stdout (the benchmarks' own output then
 * goes to stderr).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Figure } from './report';

const ROOT = path.resolve(__dirname, '../..');
const DOC = path.join(ROOT, 'docs/benchmarks.md');
const START = '<!-- bench:summary:start -->';
const END = '<!-- bench:summary:end -->';

interface Step {
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
}

function steps(evaluations: string): Step[] {
  return [
    { name: 'rules', script: 'rules.js' },
    { name: 'agent', script: 'agent.js' },
    {
      name: 'pipeline',
      script: 'pipeline.js',
      args: ['--steps', 'cold,changed,growth', '--evaluations', evaluations],
    },
    // The ingest target is the endpoint's own rate: measured without a worker competing for the CPU.
    { name: 'ingest', script: 'pipeline.js', args: ['--steps', 'ingest'], env: { BENCH_WORKERS: '0' } },
    { name: 'api', script: 'api.js' },
    { name: 'load', script: 'load.js' },
    { name: 'hostile', script: 'hostile.js' },
    { name: 'history', script: 'history.js' },
    { name: 'console', script: 'console.js' },
    { name: 'compliance', script: 'compliance.js' },
    { name: 'cli', script: 'cli.js' },
    { name: 'watch', script: 'watch.js' },
  ];
}

function runStep(step: Step, reportFile: string, json: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, step.script), ...(step.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...step.env, BENCH_REPORT: reportFile },
      // With --json, stdout carries only the JSON: the benchmarks' output goes to stderr.
      stdio: ['ignore', json ? process.stderr : 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench ${step.name} exited with ${code}`))));
  });
}

const machine = () =>
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;

/** A Markdown table, its columns padded as Prettier pads them (so the written doc stays formatted). */
function table(figures: Figure[]): string {
  const verdict = (f: Figure) => (f.pass === null ? '—' : f.pass ? 'pass' : '**FAIL**');
  const rows = [
    ['figure', 'target', 'measured', 'verdict'],
    ...figures.map((f) => [f.figure, f.target, f.measured, verdict(f)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => [...r[c]!].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

/** The doc with its summary replaced, or first placed as its own section before the first one. */
function withSummary(doc: string, summary: string): string {
  const start = doc.indexOf(START);
  if (start >= 0) return doc.slice(0, start) + summary + doc.slice(doc.indexOf(END) + END.length);
  const first = doc.indexOf('\n## ');
  return `${doc.slice(0, first)}\n## Summary — \`npm run bench\`\n\n${summary}\n${doc.slice(first)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      evaluations: { type: 'string', default: '1000' },
    },
  });
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const chosen = steps(values.evaluations).filter((s) => !only || only.has(s.name));
  if (only && chosen.length !== only.size)
    throw new Error(
      `--only takes some of: ${steps('')
        .map((s) => s.name)
        .join(', ')}`,
    );

  const reportFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-')), 'figures.jsonl');
  writeFileSync(reportFile, '');
  const started = new Date();
  for (const step of chosen) {
    (values.json ? process.stderr : process.stdout).write(`\n=== ${step.name} ===\n`);
    await runStep(step, reportFile, values.json);
  }
  const figures = readFileSync(reportFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Figure);

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), date: started.toISOString(), figures }, null, 2)}\n`);
  } else {
    console.log(`\nMachine: ${machine()}\n`);
    console.log(table(figures));
  }
  if (!only && values.evaluations === '1000') {
    const summary = [
      START,
      `Last full run of \`npm run bench\`: ${started.toISOString().slice(0, 10)}, on ${machine()}.`,
      '',
      table(figures),
      END,
    ].join('\n');
    writeFileSync(DOC, withSummary(readFileSync(DOC, 'utf8'), summary));
    (values.json ? process.stderr : process.stdout).write(`\n(written to ${path.relative(ROOT, DOC)})\n`);
  }
  if (figures.some((f) => f.pass === false)) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
