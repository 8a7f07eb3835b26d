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

export function printFindings(
  findings: {
    severity: string;
    ruleId: string;
    platform: boolean;
    resource: { kind: string; namespace: string | null; name: string };
  }[],
): void {
  if (findings.length === 0) {
    console.log(dim('    (none)'));
    return;
  }
  for (const f of findings) {
    const where = `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`;
    const severity = (SEVERITY_COLOUR[f.severity] ?? String)(f.severity.padEnd(8));
    console.log(`    ${severity} ${f.ruleId.padEnd(22)} ${where}${f.platform ? dim('  (platform)') : ''}`);
  }
}
