import { describeResource, type Finding, RULES_BY_ID, type Severity, severityRank } from '@kubeward/rules';
import { plural, severityCounts } from './format';
import { acceptedReason, findingPosition, type ScanReport } from './scan';

/** GitHub refuses comments over 65,536 characters: the table stops well before. */
const MAX_ROWS = 150;

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const worstFirst = (findings: Finding[]) =>
  [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));

/** A summary for a pull-request comment: counts, then the findings worst first, accepted risks marked. */
export function formatScanMarkdown(report: ScanReport): string {
  const { findings } = report.result;
  const counts = severityCounts(findings);
  const lines = [
    `### Kubeward: ${plural(findings.length, 'finding')}${counts.length ? ` (${counts.map(([n, s]) => `${n} ${s.toLowerCase()}`).join(', ')})` : ''}`,
    '',
  ];
  if (report.problems.length > 0) {
    lines.push(`> [!WARNING]`, `> ${plural(report.problems.length, 'input problem')}: the scan is partial.`);
    for (const p of report.problems) lines.push(`> - \`${p.file}${p.line ? `:${p.line}` : ''}\`: ${cell(p.message)}`);
    lines.push('');
  }
  if (findings.length > 0) {
    lines.push('| severity | rule | resource | where | finding |', '| --- | --- | --- | --- | --- |');
    const sorted = worstFirst(findings);
    for (const f of sorted.slice(0, MAX_ROWS)) {
      const at = findingPosition(report, f);
      const accepted = acceptedReason(report, f);
      lines.push(
        `| ${f.severity}${accepted ? ' (accepted)' : ''} | \`${f.ruleId}\` | ${cell(describeResource(f.resource))} | ${at ? `\`${at.file}:${at.line}\`` : ''} | ${cell(f.message)}${accepted ? ` _Accepted: ${cell(accepted)}_` : ''} |`,
      );
    }
    if (sorted.length > MAX_ROWS) lines.push('', `…and ${plural(sorted.length - MAX_ROWS, 'more finding')}.`);
  }
  if (report.skipped.length > 0) {
    lines.push('', `<details><summary>${plural(report.skipped.length, 'document')} skipped</summary>`, '');
    for (const p of report.skipped) lines.push(`- \`${p.file}${p.line ? `:${p.line}` : ''}\`: ${cell(p.message)}`);
    lines.push('', '</details>');
  }
  return lines.join('\n');
}

// XML 1.0 cannot carry most control characters, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (text: string) =>
  text
    .replace(INVALID_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/**
 * JUnit XML, as CI test reports read it: one test case per finding, failed when at or above
 * --fail-on (every finding, without it), skipped when accepted in the manifests; an input problem
 * is an error. A clean scan is one passing case, so the report is never empty.
 */
export function formatJunit(report: ScanReport, failOn: Severity | undefined): string {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const p of report.problems) {
    cases.push(
      `    <testcase classname="kubeward.input" name="${xml(`${p.file}${p.line ? `:${p.line}` : ''}`)}" file="${xml(p.file)}">\n      <error message="${xml(p.message)}" type="InputError"/>\n    </testcase>`,
    );
  }
  for (const f of worstFirst(report.result.findings)) {
    const at = findingPosition(report, f);
    const accepted = acceptedReason(report, f);
    const fails = !accepted && (!failOn || severityRank(f.severity) >= severityRank(failOn));
    const rule = RULES_BY_ID.get(f.ruleId);
    const attrs = `classname="${xml(describeResource(f.resource))}" name="${xml(`${f.severity} ${f.ruleId}`)}"${at ? ` file="${xml(at.file)}" line="${at.line}"` : ''}`;
    let body: string;
    if (accepted) {
      skipped++;
      body = `      <skipped message="${xml(`accepted: ${accepted}`)}"/>`;
    } else if (fails) {
      failures++;
      const detail = [f.message, at && `at ${at.file}:${at.line}:${at.column}`, rule?.remediation.text]
        .filter(Boolean)
        .join('\n');
      body = `      <failure message="${xml(f.message)}" type="${f.severity}">${xml(detail)}</failure>`;
    } else {
      body = `      <system-out>${xml(`${f.message} (below --fail-on)`)}</system-out>`;
    }
    cases.push(`    <testcase ${attrs}>\n${body}\n    </testcase>`);
  }
  if (cases.length === 0) cases.push('    <testcase classname="kubeward" name="no findings"/>');
  const errors = report.problems.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kubeward" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    `  <testsuite name="kubeward scan" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
  ].join('\n');
}
