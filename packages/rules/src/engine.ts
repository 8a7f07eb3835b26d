import type { Snapshot } from '@kubeward/snapshot';
import { NO_HISTORY } from './drift';
import { LazyFinding, WrappedFinding } from './finding';
import { groupByCause } from './grouping';
import { isPlatformResource } from './platform';
import { RULES } from './registry';
import { rememberResults } from './results-memo';
import { sectionMissing } from './sections';
import { severityRank } from './types';
import type {
  EvaluationResult,
  NotEvaluable,
  ResourceRef,
  Rule,
  RuleError,
  RuleResult,
  RuleSettings,
  Severity,
} from './types';

export interface EngineSettings extends RuleSettings {
  /** Only these rules (by id); all when absent. */
  include?: string[];
  exclude?: string[];
  /** The organisation's severity per rule, applied after the rule's own. */
  severityOverrides?: Record<string, Severity>;
}

function missingInput(rule: Rule, snapshot: Snapshot): string | undefined {
  for (const section of rule.needs) {
    const missing = sectionMissing(snapshot, section);
    if (missing) {
      const details = missing.map((kind) => {
        const status = snapshot.collection[kind];
        return status && !status.collected ? `${kind} (${status.reason})` : `${kind} (not collected)`;
      });
      return `input not collected: ${details.join(', ')}`;
    }
  }
  return undefined;
}

/**
 * Runs every selected rule over the snapshot. Pure and deterministic: the same input gives the
 * same output in the same order. A rule that throws is reported and the others go on.
 */
export function evaluate(
  snapshot: Snapshot,
  settings: EngineSettings,
  rules: readonly Rule[] = RULES,
  /** A rule's results known without running it (`evaluateIncremental`): findings this engine completed before. */
  known?: (rule: Rule) => RuleResult[] | undefined,
): EvaluationResult {
  const include = settings.include ? new Set(settings.include) : undefined;
  const exclude = new Set(settings.exclude ?? []);
  const findings: LazyFinding[] = [];
  const notEvaluable: NotEvaluable[] = [];
  const errors: RuleError[] = [];
  const evaluated: string[] = [];

  // Derived rules last, so that the results they read are there to be read.
  const ordered = rules.some((r) => r.derived)
    ? [...rules.filter((r) => !r.derived), ...rules.filter((r) => r.derived)]
    : rules;
  for (const rule of ordered) {
    if ((include && !include.has(rule.id)) || exclude.has(rule.id)) continue;
    try {
      const missing =
        missingInput(rule, snapshot) ??
        (rule.drift && !settings.history ? NO_HISTORY : rule.notApplicable?.(snapshot, settings));
      if (missing) {
        notEvaluable.push({ ruleId: rule.id, reason: missing });
        continue;
      }
      const results = known?.(rule) ?? rule.evaluate(snapshot, settings);
      rememberResults(snapshot, settings, rule.id, results);
      const override = settings.severityOverrides?.[rule.id];
      // Rules emit one resource's results together (they walk the snapshot object by object), so a
      // duplicate of rule + resource + container can only be among this rule's findings since the
      // resource last changed: findings[sameFrom..].
      let sameFrom = findings.length;
      let lastResource: ResourceRef | undefined;
      for (const result of results) {
        const severity = override ?? result.severity ?? rule.severity;
        if (result.resource !== lastResource) {
          lastResource = result.resource;
          sameFrom = findings.length;
        } else {
          let existing: LazyFinding | undefined;
          for (let i = sameFrom; i < findings.length; i++) {
            if (findings[i]!.container === result.container) existing = findings[i];
          }
          if (existing) {
            // One finding per rule, resource and container, however many of its fields offend.
            const added = result.paths.filter((p) => !existing.paths.includes(p));
            // Copied, not pushed: a rule may hand the same paths array to many results.
            if (added.length > 0) existing.paths = [...existing.paths, ...added];
            if (severityRank(severity) > severityRank(existing.severity)) existing.severity = severity;
            continue;
          }
        }
        const finding = result instanceof LazyFinding ? result : new WrappedFinding(result);
        // Platform detection only for results that did not bring their own (container findings do).
        finding.complete(rule.id, severity, result.platform ?? isPlatformResource(result.resource));
        findings.push(finding);
      }
      evaluated.push(rule.id);
    } catch (err) {
      errors.push({ ruleId: rule.id, message: err instanceof Error ? err.message : String(err) });
    }
  }

  groupByCause(findings);
  // Rules run in id order (derived ones last) over the snapshot's sorted objects: deterministic.
  return { findings, notEvaluable, errors, evaluated };
}
