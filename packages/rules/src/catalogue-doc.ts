import { FRAMEWORKS_BY_ID, ruleControls } from './frameworks';
import { SEVERITIES, severityRank, type Area, type Rule } from './types';

const AREAS: { area: Area; title: string }[] = [
  { area: 'containers', title: 'Containers' },
  { area: 'pods', title: 'Pods' },
  { area: 'cluster', title: 'Cluster' },
  { area: 'users', title: 'Users' },
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const SHORT: Record<string, string> = {
  'cis-1.10': 'CIS',
  'nsa-cisa-1.2': 'NSA-CISA',
  'pss-baseline': 'PSS baseline',
  'pss-restricted': 'PSS restricted',
};

/** "CIS 5.1.4", "NSA-CISA: Network policies", "PSS baseline: HostProcess": the controls a rule judges. */
function frameworksOf(rule: Rule): string[] {
  const refs = ruleControls(rule).filter((ref) => SHORT[ref.framework]);
  return (
    refs
      // A baseline control is a restricted one too: naming it once is enough.
      .filter(
        (ref) =>
          ref.framework !== 'pss-restricted' ||
          !refs.some((r) => r.framework === 'pss-baseline' && r.control === ref.control),
      )
      .map((ref) => {
        if (ref.framework === 'cis-1.10') return `CIS ${ref.control}`;
        const control = FRAMEWORKS_BY_ID.get(ref.framework)!.controls.find((c) => c.id === ref.control);
        return `${SHORT[ref.framework]}: ${control?.title ?? ref.control}`;
      })
      .filter((text, i, all) => all.indexOf(text) === i)
  );
}

/**
 * docs/rules.md, made from the catalogue itself so that it cannot drift from it: a summary, a table
 * per area, then every rule with its rationale, its fix and the framework controls it judges.
 */
export function rulesMarkdown(rules: readonly Rule[]): string {
  const bySeverity = SEVERITIES.map((s) => `${rules.filter((r) => r.severity === s).length} ${s}`).reverse();
  const out = [
    '# Rules',
    '',
    '<!-- Generated from the catalogue (packages/rules) by',
    '     UPDATE_DOCS=1 npx vitest run packages/rules/test/rules-doc.test.ts — do not edit by hand. -->',
    '',
    `${rules.length} rules in four areas, each with a default severity (${bySeverity.join(', ')}); a rule may raise ` +
      'or lower it for one finding (a sensitive host path, a token that can do more), and an organisation may override it. ' +
      'Each rule names the practice of the sixteen it belongs to and the framework controls it judges ' +
      '([compliance.md](compliance.md) has the frameworks).',
    '',
  ];
  const sorted = (list: Rule[]) =>
    [...list].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
  for (const { area, title } of AREAS) {
    const inArea = sorted(rules.filter((r) => r.area === area));
    out.push(
      `## ${title} (${inArea.length})`,
      '',
      '| Rule | Severity | Practice | Frameworks |',
      '| --- | --- | --- | --- |',
    );
    for (const r of inArea) {
      out.push(
        `| [\`${r.id}\`](#${r.id}) ${cell(r.title)} | ${r.severity} | ${cell(r.practice)} | ${cell(frameworksOf(r).join('; ') || '—')} |`,
      );
    }
    out.push('');
  }
  out.push('## Every rule', '');
  for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    out.push(
      `### ${r.id}`,
      '',
      `**${r.title}** — ${r.severity}, ${r.area}, practice “${r.practice}”.`,
      '',
      r.rationale,
      '',
      `**Fix.** ${r.remediation.text}`,
      '',
      '```yaml',
      r.remediation.yaml,
      '```',
      '',
      `**Judges:** ${frameworksOf(r).join('; ') || 'the practice only'}. **Reads:** ${r.needs.join(', ')}${r.drift ? ", compared with the cluster's previous snapshot (a drift rule: silent on the first, and its finding stays open until the change is undone)" : ''}.`,
      '',
    );
  }
  return out.join('\n');
}
