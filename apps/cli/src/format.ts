import { plainFinding, RULES_BY_ID, type Finding, type Severity } from '@kubeward/rules';
import { resourceKey, type ScanReport } from './scan';

const ORDER: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
const describe = (r: Finding['resource']) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

export function formatTable(report: ScanReport): string {
  const { findings, notEvaluable, errors } = report.result;
  const lines: string[] = [];
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  for (const f of sorted) {
    const at = report.locations.get(resourceKey(f.resource));
    lines.push(
      `${f.severity.padEnd(8)} ${f.ruleId.padEnd(34)} ${describe(f.resource)}${f.container ? ` [${f.container}]` : ''}${at ? `  (${at.file}:${at.line})` : ''}`,
    );
    lines.push(`         ${f.message}`);
  }
  const counts = ORDER.map((s) => `${findings.filter((f) => f.severity === s).length} ${s.toLowerCase()}`).join(', ');
  lines.push('', `${findings.length} findings (${counts}) in ${report.snapshot.workloads.length} workloads.`);
  if (notEvaluable.length > 0) lines.push(`${notEvaluable.length} rules not evaluable (use --format json for why).`);
  for (const e of errors) lines.push(`rule error: ${e.ruleId}: ${e.message}`);
  return lines.join('\n');
}

export function formatJson(report: ScanReport): string {
  return JSON.stringify(
    {
      findings: report.result.findings.map((f) => ({
        ...plainFinding(f),
        location: report.locations.get(resourceKey(f.resource)) ?? null,
      })),
      notEvaluable: report.result.notEvaluable,
      ruleErrors: report.result.errors,
      inputProblems: report.problems,
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
          results: report.result.findings.map((f) => {
            const at = report.locations.get(resourceKey(f.resource));
            return {
              ruleId: f.ruleId,
              level: SARIF_LEVEL[f.severity],
              message: { text: f.message },
              partialFingerprints: { kubeward: f.fingerprint },
              properties: { severity: f.severity, paths: f.paths, platform: f.platform },
              locations: at
                ? [{ physicalLocation: { artifactLocation: { uri: at.file }, region: { startLine: at.line } } }]
                : [{ logicalLocations: [{ fullyQualifiedName: describe(f.resource), kind: 'resource' }] }],
            };
          }),
        },
      ],
    },
    null,
    2,
  );
}
