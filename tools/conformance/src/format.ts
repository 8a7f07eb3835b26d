import type { Report } from './run';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function formatTable(report: Report): string {
  const lines: string[] = [];
  lines.push(`Corpus: ${report.corpus}`);
  lines.push(
    `Cases: ${report.totalCases}, mapped: ${report.mappedCases}, accuracy over mapped cases: ${pct(report.accuracy)}`,
  );
  lines.push('');
  lines.push('| check | cases | TP | FP | TN | FN | precision | recall | accuracy |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of report.checks) {
    lines.push(
      `| ${c.check} | ${c.cases} | ${c.tp} | ${c.fp} | ${c.tn} | ${c.fn} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.accuracy)} |`,
    );
  }
  if (report.skipped.length > 0) {
    lines.push('', 'Variants deliberately not mapped:', '');
    lines.push('| check | variant | cases | why |', '|---|---|---:|---|');
    for (const s of report.skipped) lines.push(`| ${s.check} | ${s.variant} | ${s.cases} | ${s.reason} |`);
  }
  if (report.unmapped.length > 0) {
    lines.push('', 'Not in the mapping:', '');
    for (const u of report.unmapped) lines.push(`- ${u.check} / ${u.variant}: ${u.cases} cases`);
  }
  lines.push('', `Disagreements (${report.disagreements.length}):`, '');
  for (const d of report.disagreements) {
    const ours = d.findings
      .map((f) => `${f.ruleId} on ${f.resource.kind}/${f.resource.name}${f.container ? `[${f.container}]` : ''}`)
      .join('; ');
    lines.push(
      `- ${d.case.dir}: peer says ${d.expected}, we say ${d.actual}${d.detail ? ` (${d.detail})` : ''}${ours ? ` — ours: ${ours}` : ''}`,
    );
  }
  return lines.join('\n');
}
