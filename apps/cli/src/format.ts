import {
  assessFramework,
  describeResource,
  type Finding,
  outcomesOf,
  plainFinding,
  RULES_BY_ID,
  type Framework,
  type Severity,
  severityRank,
} from '@kubeward/rules';
import path from 'node:path';
import { resourceKey } from '@kubeward/snapshot';
import { type Paint, plain, SEVERITY_STYLE } from './colour';
import { acceptedReason, findingPosition, type ScanReport } from './scan';
import { IGNORE_ANNOTATION } from './suppressions';
import { VERSION } from './version';

const ORDER: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];

/**
 * Findings grouped by object, worst first, one line each (position, severity, rule, message) under
 * a header naming the object and where it was read, as ESLint's stylish output lays out files. A
 * cause several rules report is listed once, under its primary finding.
 */
export function formatTable(report: ScanReport, paint: Paint = plain): string {
  const { findings, errors } = report.result;
  const lines: string[] = [];
  const present = new Set(findings.map((f) => f.fingerprint));
  const related = new Map<string, Finding[]>();
  const byObject = new Map<string, Finding[]>();
  for (const f of [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))) {
    if (f.primary && present.has(f.primary)) related.set(f.primary, [...(related.get(f.primary) ?? []), f]);
    else {
      const key = resourceKey(f.resource);
      byObject.set(key, [...(byObject.get(key) ?? []), f]);
    }
  }
  const ruleWidth = Math.max(0, ...findings.map((f) => f.ruleId.length));
  const groups = [...byObject.values()].sort(
    (a, b) =>
      severityRank(b[0]!.severity) - severityRank(a[0]!.severity) ||
      describeResource(a[0]!.resource).localeCompare(describeResource(b[0]!.resource)),
  );
  for (const group of groups) {
    const name = describeResource(group[0]!.resource);
    const source = report.locations.get(resourceKey(group[0]!.resource));
    lines.push(`${paint('bold', name)}${source ? `  ${paint('dim', `${source.file}:${source.line}`)}` : ''}`);
    const at = group.map((f) => {
      const p = findingPosition(report, f);
      return p ? `${p.line}:${p.column}` : '';
    });
    const atWidth = Math.max(...at.map((a) => a.length));
    const indent = ' '.repeat(2 + (atWidth ? atWidth + 2 : 0) + 10 + ruleWidth + 2);
    group.forEach((f, i) => {
      // The header names the object: `Deployment shop/web: container "web" …` reads `container "web" …`.
      const message = f.message.startsWith(`${name}: `) ? f.message.slice(name.length + 2) : f.message;
      lines.push(
        `  ${atWidth ? `${paint('dim', at[i]!.padEnd(atWidth))}  ` : ''}${paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(8))}  ${f.ruleId.padEnd(ruleWidth)}  ${message}`,
      );
      const accepted = acceptedReason(report, f);
      if (accepted) lines.push(`${indent}${paint('green', `accepted (${IGNORE_ANNOTATION}): ${accepted}`)}`);
      for (const r of related.get(f.fingerprint) ?? [])
        lines.push(
          `${indent}${paint('dim', `same cause: ${r.severity} ${r.ruleId} on ${describeResource(r.resource)}`)}`,
        );
    });
    lines.push('');
  }
  const counts = severityCounts(findings).map(([n, s]) => paint(SEVERITY_STYLE[s], `${n} ${s.toLowerCase()}`));
  lines.push(
    `${plural(findings.length, 'finding')}${counts.length ? ` (${counts.join(', ')})` : ''} in ${plural(report.snapshot.workloads.length, 'workload')}.`,
  );
  const unjudged = notJudgedLine(report);
  if (unjudged) lines.push(unjudged);
  for (const e of errors) lines.push(paint('red', `rule error: ${e.ruleId}: ${e.message}`));
  return lines.join('\n');
}

/** How many findings of each severity there are, worst first, leaving out the severities with none. */
export const severityCounts = (findings: Finding[]): [number, Severity][] =>
  ORDER.map((s): [number, Severity] => [findings.filter((f) => f.severity === s).length, s]).filter(([n]) => n > 0);

export const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * What the rules could not judge, in terms of the input, or nothing when it does not matter: a
 * scan of files cannot see a cluster's nodes or API server flags, and saying so on every run is
 * noise; rules asked for by name, or a live cluster's missing permissions, are worth a line each.
 */
function notJudgedLine(report: ScanReport): string | undefined {
  const { notEvaluable } = report.result;
  if (notEvaluable.length === 0) return undefined;
  if (report.snapshot.source === 'manifests' && !report.asked) {
    return `${plural(notEvaluable.length, 'rule')} need what these files do not hold (a live cluster's nodes, API server flags, history): scan a cluster with --kubeconfig to run them.`;
  }
  return notEvaluable.map((n) => `not judged: ${n.ruleId}: ${n.reason}`).join('\n');
}

/** One line per control: status, id, title, and what fails it or why it cannot be judged. */
export function formatControls(report: ScanReport, framework: Framework): string {
  const { controls, summary } = assessFramework(framework, outcomesOf(report.result));
  const perRule = new Map<string, number>();
  for (const f of report.result.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  const idWidth = Math.max(...controls.map((c) => c.control.id.length));
  const lines = [`${framework.name} ${framework.version}`, ''];
  for (const { control, rules, verdict } of controls) {
    lines.push(`${verdict.status.padEnd(13)} ${control.id.padEnd(idWidth)} ${control.title}`);
    if (verdict.status === 'FAIL') {
      const failing = rules.filter((id) => perRule.has(id)).map((id) => `${id} (${perRule.get(id)})`);
      lines.push(`${' '.repeat(14 + idWidth)} failing: ${failing.join(', ')}`);
    } else if (verdict.reason) lines.push(`${' '.repeat(14 + idWidth)} ${verdict.reason}`);
  }
  const { pass, fail, notEvaluable, manual, percentage } = summary;
  lines.push(
    '',
    `${percentage === null ? 'No control could be evaluated' : `${percentage}% compliant`}: ${pass} pass, ${fail} fail, ` +
      `${notEvaluable} not evaluable, ${manual} manual (of ${controls.length} controls).`,
  );
  return lines.join('\n');
}

export function formatJson(report: ScanReport, framework?: Framework): string {
  const compliance = framework && assessFramework(framework, outcomesOf(report.result));
  return JSON.stringify(
    {
      findings: report.result.findings.map((f) => {
        const reason = acceptedReason(report, f);
        return {
          ...plainFinding(f),
          location: findingPosition(report, f) ?? null,
          ...(reason ? { accepted: { reason } } : {}),
        };
      }),
      notEvaluable: report.result.notEvaluable,
      ruleErrors: report.result.errors,
      inputProblems: report.problems,
      skipped: report.skipped,
      ...(framework && compliance
        ? {
            framework: { id: framework.id, name: framework.name, version: framework.version },
            controls: compliance.controls.map(({ control, rules, verdict }) => ({
              id: control.id,
              title: control.title,
              status: verdict.status,
              reason: verdict.reason ?? null,
              rules,
            })),
            summary: compliance.summary,
          }
        : {}),
    },
    null,
    2,
  );
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  INFO: 'note',
};

/** SARIF locations are URI references: a path's spaces and brackets are percent-encoded. */
const sarifUri = (file: string) => encodeURI(file.split(path.sep).join('/'));

const notification = (level: 'error' | 'note', text: string, at: { file: string; line?: number }) => ({
  level,
  message: { text },
  locations: [
    {
      physicalLocation: {
        artifactLocation: { uri: sarifUri(at.file) },
        ...(at.line ? { region: { startLine: at.line } } : {}),
      },
    },
  ],
});

/** SARIF 2.1.0, as GitHub code scanning and most CI dashboards read it. */
export function formatSarif(report: ScanReport): string {
  const ruleIds = [...new Set(report.result.findings.map((f) => f.ruleId))].sort();
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'kubeward',
              version: VERSION,
              semanticVersion: VERSION,
              informationUri: 'https://github.com/kubeward/kubeward',
              rules: ruleIds.map((id) => {
                const rule = RULES_BY_ID.get(id)!;
                return {
                  id,
                  name: rule.title,
                  shortDescription: { text: rule.title },
                  fullDescription: { text: rule.rationale },
                  help: {
                    text: `${rule.remediation.text}\n\n${rule.remediation.yaml}`,
                    markdown: `${rule.remediation.text}\n\n\`\`\`yaml\n${rule.remediation.yaml}\n\`\`\``,
                  },
                  defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
                  properties: { area: rule.area, practice: rule.practice, references: rule.references },
                };
              }),
            },
          },
          // What was not judged, so a dashboard shows that the run was partial and why.
          invocations: [
            {
              executionSuccessful: report.problems.length === 0,
              toolExecutionNotifications: [
                ...report.problems.map((p) => notification('error', p.message, p)),
                ...report.skipped.map((p) => notification('note', `skipped: ${p.message}`, p)),
              ],
            },
          ],
          results: report.result.findings.map((f) => {
            const at = findingPosition(report, f);
            const reason = acceptedReason(report, f);
            return {
              ruleId: f.ruleId,
              level: SARIF_LEVEL[f.severity],
              message: { text: f.message },
              partialFingerprints: { kubeward: f.fingerprint },
              ...(reason ? { suppressions: [{ kind: 'inSource', justification: reason }] } : {}),
              properties: { severity: f.severity, paths: f.paths, platform: f.platform },
              locations: at
                ? [
                    {
                      physicalLocation: {
                        artifactLocation: { uri: sarifUri(at.file) },
                        region: { startLine: at.line, startColumn: at.column },
                      },
                    },
                  ]
                : [{ logicalLocations: [{ fullyQualifiedName: describeResource(f.resource), kind: 'resource' }] }],
            };
          }),
        },
      ],
    },
    null,
    2,
  );
}
