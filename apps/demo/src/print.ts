const tty = process.stdout.isTTY;
const paint = (code: string) => (s: string) => (tty ? `\u001b[${code}m${s}\u001b[0m` : s);
export const bold = paint('1');
export const dim = paint('2');
export const red = paint('31');
export const green = paint('32');
export const yellow = paint('33');

/** Runs one step of the story, showing it while it works and how long it took. */
export async function step<T>(title: string, fn: () => Promise<{ value: T; note?: string }>): Promise<T> {
  const started = Date.now();
  if (tty) process.stdout.write(`  … ${title}`);
  try {
    const { value, note } = await fn();
    const ms = Date.now() - started;
    process.stdout.write(
      `${tty ? '\r' : ''}  ${green('✔')} ${title}${note ? dim(`  ${note}`) : ''}${dim(`  (${ms} ms)`)}\n`,
    );
    return value;
  } catch (err) {
    process.stdout.write(`${tty ? '\r' : ''}  ${red('✘')} ${title}\n`);
    throw err;
  }
}

const SEVERITY_COLOUR: Record<string, (s: string) => string> = {
  CRITICAL: (s) => red(bold(s)),
  HIGH: red,
  MEDIUM: yellow,
  LOW: dim,
  INFO: dim,
};

export interface PrintedFinding {
  severity: string;
  ruleId: string;
  platform: boolean;
  resource: { kind: string; namespace: string | null; name: string };
}

export function printFindings(findings: PrintedFinding[], limit = Infinity): void {
  if (findings.length === 0) {
    console.log(dim('    (none)'));
    return;
  }
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
  const sorted = [...findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  for (const f of sorted.slice(0, limit)) {
    const where = `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;
    const severity = (SEVERITY_COLOUR[f.severity] ?? String)(f.severity.padEnd(8));
    console.log(`    ${severity} ${f.ruleId.padEnd(34)} ${where}${f.platform ? dim('  (platform)') : ''}`);
  }
  if (sorted.length > limit) console.log(dim(`    … and ${sorted.length - limit} more`));
}

/** Findings counted by practice (rows) and severity (columns). */
export function printByPractice(findings: (PrintedFinding & { practice: string })[]): void {
  const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
  const rows = new Map<string, Record<string, number>>();
  for (const f of findings) {
    const row = rows.get(f.practice) ?? Object.fromEntries(severities.map((s) => [s, 0]));
    row[f.severity] = (row[f.severity] ?? 0) + 1;
    rows.set(f.practice, row);
  }
  console.log(dim(`    ${'practice'.padEnd(44)}${severities.map((s) => s.padStart(9)).join('')}`));
  for (const [practice, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    const cells = severities.map((s) => {
      const n = String(row[s] || '·').padStart(9);
      return row[s] ? (SEVERITY_COLOUR[s] ?? String)(n) : dim(n);
    });
    console.log(`    ${practice.padEnd(44)}${cells.join('')}`);
  }
}
