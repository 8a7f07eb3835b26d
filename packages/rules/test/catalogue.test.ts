import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { evaluate, RULES, SEVERITIES } from '../src';
import { expectedFile, loadCase, RULES_DIR, ruleCases } from './cases';

const settings = { now: '2026-01-01T00:00:00Z' };

describe('rule registry', () => {
  it('registers every rule folder, with unique ids', () => {
    const folders = readdirSync(RULES_DIR).sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(folders);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const text of [rule.title, rule.practice, rule.rationale, rule.remediation.text, rule.remediation.yaml]) {
      expect(text.trim().length).toBeGreaterThan(3);
    }
    expect(['containers', 'pods', 'cluster', 'users']).toContain(rule.area);
    expect(SEVERITIES).toContain(rule.severity);
    expect(rule.references.length).toBeGreaterThan(0);
    expect(rule.needs.length).toBeGreaterThan(0);
  });

  it.each(RULES.map((r) => [r.id] as const))('%s has at least one pass and one fail case', (id) => {
    const cases = ruleCases(id);
    expect(cases.some((c) => c.expect === 'pass')).toBe(true);
    expect(cases.some((c) => c.expect === 'fail')).toBe(true);
  });
});

describe('rule cases', () => {
  const all = RULES.flatMap((r) => ruleCases(r.id));
  it.each(all.map((c) => [`${c.ruleDir}/${c.file.split('/').pop()}`, c] as const))('%s', (_name, c) => {
    const { snapshot, settings: caseSettings } = loadCase(c.file);
    const result = evaluate(snapshot, { ...settings, ...caseSettings, include: [c.ruleDir] });
    expect(result.errors).toEqual([]);
    expect(result.notEvaluable).toEqual([]);
    if (c.expect === 'fail') {
      // Exactly these findings of the rule, compared for equality (UPDATE_EXPECTED=1 writes them).
      const found = result.findings.map((f) => ({
        resource: `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`,
        ...(f.container ? { container: f.container } : {}),
        severity: f.severity,
        paths: f.paths,
      }));
      const file = expectedFile(c.file);
      if (process.env.UPDATE_EXPECTED)
        writeFileSync(file, `# Findings of ${c.ruleDir} on ${path.basename(c.file)}\n${stringify(found)}`);
      expect(found).toEqual(parse(readFileSync(file, 'utf8')));
      expect(found.length).toBeGreaterThan(0);
    } else expect(result.findings).toEqual([]);
    for (const f of result.findings) {
      // Cluster-wide findings are about something missing: there is no resource or field to name.
      if (f.resource.kind === 'Cluster') continue;
      expect(f.message).toContain(f.resource.name);
      expect(f.paths.length).toBeGreaterThan(0);
    }
  });
});
