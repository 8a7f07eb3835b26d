import { createHash } from 'node:crypto';
import { SECTION_KINDS, type Snapshot } from '@kubeward/snapshot';
import { isPlatformResource } from './platform';
import { RULES } from './registry';
import { severityRank } from './types';
import type { EvaluationResult, Finding, NotEvaluable, Rule, RuleError, RuleSettings, Severity } from './types';

export interface EngineSettings extends RuleSettings {
  /** Only these rules (by id); all when absent. */
  include?: string[];
  exclude?: string[];
  /** The organisation's severity per rule, applied after the rule's own. */
  severityOverrides?: Record<string, Severity>;
}

/**
 * From a live cluster a section counts only when every kind it stands on was collected. Files
 * describe what they describe: there a section counts when any of its kinds is present.
 */
function missingInput(rule: Rule, snapshot: Snapshot): string | undefined {
  for (const section of rule.needs) {
    const kinds: readonly string[] = SECTION_KINDS[section];
    const missing = kinds.filter((kind) => snapshot.collection[kind]?.collected !== true);
    const enough = snapshot.source === 'manifests' ? missing.length < kinds.length : missing.length === 0;
    if (!enough) {
      const details = missing.map((kind) => {
        const status = snapshot.collection[kind];
        return status && !status.collected ? `${kind} (${status.reason})` : `${kind} (not collected)`;
      });
      return `input not collected: ${details.join(', ')}`;
    }
  }
  return undefined;
}

export function fingerprint(
  ruleId: string,
  resource: { kind: string; namespace?: string; name: string },
  container?: string,
): string {
  return createHash('sha256')
    .update([ruleId, resource.kind, resource.namespace ?? '', resource.name, container ?? ''].join('\u0000'))
    .digest('hex');
}

/**
 * Runs every selected rule over the snapshot. Pure and deterministic: the same input gives the
 * same output in the same order. A rule that throws is reported and the others go on.
 */
export function evaluate(
  snapshot: Snapshot,
  settings: EngineSettings,
  rules: readonly Rule[] = RULES,
): EvaluationResult {
  const include = settings.include ? new Set(settings.include) : undefined;
  const exclude = new Set(settings.exclude ?? []);
  const findings: Finding[] = [];
  const notEvaluable: NotEvaluable[] = [];
  const errors: RuleError[] = [];
  const evaluated: string[] = [];

  for (const rule of rules) {
    if ((include && !include.has(rule.id)) || exclude.has(rule.id)) continue;
    try {
      const missing = missingInput(rule, snapshot) ?? rule.notApplicable?.(snapshot, settings);
      if (missing) {
        notEvaluable.push({ ruleId: rule.id, reason: missing });
        continue;
      }
      const results = rule.evaluate(snapshot, settings);
      const byFingerprint = new Map<string, Finding>();
      for (const result of results) {
        const fp = fingerprint(rule.id, result.resource, result.container);
        // One finding per rule, resource and container, however many of its fields offend.
        const severity = settings.severityOverrides?.[rule.id] ?? result.severity ?? rule.severity;
        const existing = byFingerprint.get(fp);
        if (existing) {
          existing.paths.push(...result.paths.filter((p) => !existing.paths.includes(p)));
          if (severityRank(severity) > severityRank(existing.severity)) existing.severity = severity;
          continue;
        }
        const finding: Finding = {
          ...result,
          paths: [...result.paths],
          ruleId: rule.id,
          severity,
          fingerprint: fp,
          platform: result.platform ?? isPlatformResource(result.resource),
        };
        byFingerprint.set(fp, finding);
        findings.push(finding);
      }
      evaluated.push(rule.id);
    } catch (err) {
      errors.push({ ruleId: rule.id, message: err instanceof Error ? err.message : String(err) });
    }
  }

  findings.sort(compareFindings);
  return { findings, notEvaluable, errors, evaluated };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.resource.namespace ?? '', b.resource.namespace ?? '') ||
    cmp(a.resource.kind, b.resource.kind) ||
    cmp(a.resource.name, b.resource.name) ||
    cmp(a.container ?? '', b.container ?? '')
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
